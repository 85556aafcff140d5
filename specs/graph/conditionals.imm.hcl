variable "production" {
  type    = bool
  default = false
}

fleet "web" {
  launch_template = "lt-1"
  min_size        = var.production ? 3 : 1
  max_size        = var.production ? 10 : 2
  tags            = { tier = var.production ? "prod" : "dev" }
}

variable "server" {
  type    = object({ name = string })
  default = null
}

image "web" {
  source = var.server != null ? var.server.name : "ami-default"
}
