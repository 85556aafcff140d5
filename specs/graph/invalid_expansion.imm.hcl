locals {
  a = concat(["x"]...)
  b = concat("x"...)
}
