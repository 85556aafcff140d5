locals {
  a = 1 / 0
  b = 5 % (2 - 2)
}
