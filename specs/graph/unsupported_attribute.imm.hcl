locals {
  server = { host = "a", port = 1 }
  a      = local.server.hots
  b      = ["x"].name
  c      = "text".length
}
