variable "size" {
  type    = number
  default = 3
  validation {
    condition     = var.size > 0 && var.size < 10
    error_message = "size must be between 1 and 9"
  }
}
