variable "env" {
  type    = string
  default = "dev"
  validation {
    condition     = contains(["dev", "prod"], var.env)
    error_message = "Must be dev or prod."
  }
}
variable "tags" {
  type = map(string)
  default = {}
}
variable "cfg" {
  type = object({ name = string, size = number })
}
locals {
  name = "${var.env}-web"
  all  = concat(local.a, [local.b]...)
}
output "id" {
  value     = fleet.web.id
  sensit