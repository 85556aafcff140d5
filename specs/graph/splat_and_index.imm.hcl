locals {
  servers = [{ name = "a", port = 1 }, { name = "b", port = 2 }]
  names   = local.servers[*].name
  legacy  = local.servers.*.port
  first   = local.servers[0].name
  old     = local.servers.1.name
  by_key  = { a = "x" }["a"]
  single  = { name = "solo" }[*].name
  none    = null[*]
}

image "web" {
  source    = local.first
  provision = concat(local.names, [local.old, local.by_key], local.single, [for p in local.legacy : tostring(p)])
  tags      = { none = length(local.none) }
}
