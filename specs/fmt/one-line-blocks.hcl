variable "a" {}
variable "b" {   }
variable "c" { default = 1 }
lifecycle{prevent_destroy=true}
