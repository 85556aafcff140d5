variable "set" {
  type    = set(string)
  default = ["a"]
}

locals {
  a = "text"[0]
  b = null.x
  c = var.set[0]
}
