# var: token=abc
variable "token" {
  sensitive = true
}

output "token" {
  value = "Bearer ${var.token}"
}

image "web" {
  source      = "ami-1"
  description = "token ${var.token}"
}
