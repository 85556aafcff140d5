variable "other" {
  default = 1
}
variable "size" {
  default = 3
  validation {
    condition     = var.size < var.other
    error_message = "no"
  }
}
