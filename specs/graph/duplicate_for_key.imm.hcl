locals {
  a = { for x in ["a", "b", "a"] : x => 1 }
}
