variable "env" {
  type    = string
  default = "dev"
  validation {
    condition     = contains(["dev", "prod"], var.env)
    error_message = "Must be dev or prod."
  }
}
variable "tags" {
  type = map(string)
  default = {}
}
variable "cfg" {
  t