# var: token=abc
variable "token" {
  sensitive = true
}

output "token" {
  value = "Bearer ${var.token}"
}
