variable "region" {
  default = "eu"
}

image "web" {
  source = var.regoin
}
