# var: region
variable "region" {
  default = "us"
}
