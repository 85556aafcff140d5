# var: regoin=eu
variable "region" {
  default = "us"
}
