locals {
  a = [for x in 5 : x]
  b = { for x in "abc" : x => x }
  c = "%{ for x in true }${x}%{ endfor }"
}
