locals {
  unknown   = uper("x")
  arity     = join(",")
  argument  = join(",", "not a list")
  missing   = file("does-not-exist.txt")
  coalesced = coalesce("", null)
  expansion = concat("x"...)
}
