variable "name" {
  type    = string
  default = "web"
}
variable "count" {
  type    = number
  default = "3"
}
variable "enabled" {
  type    = bool
  default = "true"
}
variable "zones" {
  type    = list(string)
  default = ["a", 1]
}
variable "ports" {
  type    = set(number)
  default = [443, 80, 443]
}
variable "sizes" {
  type    = map(number)
  default = { small = 1, large = "4" }
}
variable "server" {
  type = object({ host = string, port = optional(number) })
  default = { host = "example.com", extra = true }
}
variable "wait" {
  type    = duration
  default = "1h30m"
}
variable "anything" {
  default = [1, "a", true]
}
variable "legacy" {
  type    = list
  default = []
}
