variable "state_path" {
  default = "states/prod.json"
}

state "local" {
  path = var.state_path
}
