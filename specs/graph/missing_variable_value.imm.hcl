variable "region" {
  type = string
}
variable "ok" {
  default = 1
}
