# env: IMMPLAN_VAR_size=large
# var: zones=[1, [2]]
variable "size" {
  type = number
}
variable "zones" {
  type = list(string)
}
