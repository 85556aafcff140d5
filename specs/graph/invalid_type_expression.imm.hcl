variable "a" {
  type = strin
}
variable "b" {
  type = list(string, number)
}
variable "c" {
  type = optional(string)
}
variable "d" {
  type = tuple([string])
}
