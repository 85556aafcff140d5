variable "base" {
  default = "a"
}
variable "derived" {
  default = var.base
}
