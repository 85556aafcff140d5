variable "size" {
  type    = number
  default = "large"
}
variable "zones" {
  type    = list(string)
  default = ["a", ["b"]]
}
