# env: IMMPLAN_VAR_a=env
# env: IMMPLAN_VAR_b=env
# env: IMMPLAN_VAR_c=env
# var-file: first.vars
# var: b=flag
# var-file: second.vars
variable "a" {
  default = "default"
}
variable "b" {
  default = "default"
}
variable "c" {
  default = "default"
}
variable "d" {
  default = "default"
}
variable "e" {
  type = number
}
