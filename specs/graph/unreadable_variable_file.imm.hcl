# var-file: missing.vars
variable "size" {
  default = 1
}
