locals {
  a = 1 ? "x" : "y"
  b = "%{ if "maybe" }x%{ endif }"
  c = [for x in [1] : x if x]
}
