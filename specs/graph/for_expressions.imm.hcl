locals {
  names   = ["web", "api", "batch"]
  upper   = [for n in local.names : "${n}!" if n != "api"]
  indexed = { for i, n in local.names : n => i }
  grouped = { for n in concat(local.names, ["web"]) : n => n... }
  pairs   = [for k, v in { b = 2, a = 1 } : "${k}=${v}"]
}

image "web" {
  source    = "ami-1"
  tags      = { for k, v in local.indexed : k => tostring(v) }
  provision = concat(local.upper, local.pairs, [jsonencode(local.grouped)])
}
