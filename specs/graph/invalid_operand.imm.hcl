locals {
  a = 1 + true
  b = !"yes"
  c = "x" < 2
  d = null + 1
}
