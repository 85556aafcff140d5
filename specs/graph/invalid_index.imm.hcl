locals {
  list = ["a", "b"]
  a    = local.list[2]
  b    = local.list[-1]
  c    = local.list[0.5]
  d    = { web = 1 }["wbe"]
  e    = local.list["x"]
}
