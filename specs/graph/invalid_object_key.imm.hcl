locals {
  k = ["list"]
  a = { (local.k) = 1 }
  b = { for x in [1] : [x] => x }
}
