# var: size=12
variable "size" {
  type = number
  validation {
    condition     = var.size < 10
    error_message = "size must be below 10"
  }
}
