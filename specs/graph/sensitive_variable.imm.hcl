# var: password=hunter2
variable "password" {
  type      = string
  sensitive = true
}

image "db" {
  source    = "ami-1"
  provision = ["set-password ${var.password}", "install-db"]
}

output "password" {
  value     = var.password
  sensitive = true
}

output "plain" {
  value = "no secret here"
}
