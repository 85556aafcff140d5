# var-file: bad.vars
variable "size" {
  default = 1
}
