image "web" {
  source = "ami-1"
}
image "web" {
  source = "ami-2"
}
variable "x" {}
variable "x" {}
locals {
  a = 1
}
locals {
  a = 2
}
output "o" {
  value = 1
}
output "o" {
  value = 2
}
