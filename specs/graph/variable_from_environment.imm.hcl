# env: IMMPLAN_VAR_size=3
# env: IMMPLAN_VAR_name=web-${x}
# env: IMMPLAN_VAR_zones=["a", "b"]
variable "size" {
  type = number
}
variable "name" {
  type = string
}
variable "zones" {
  type = list(string)
}
variable "unset" {
  default = "kept"
}
