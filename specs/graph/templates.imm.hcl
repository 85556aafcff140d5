locals {
  name    = "web"
  count   = 3
  items   = ["a", "b"]
  typed   = "${local.count}"
  text    = "name=${local.name} count=${local.count + 1} %{ if local.count > 2 }many%{ else }few%{ endif }"
  list    = "%{ for i, x in local.items }${i}:${x};%{ endfor }"
  escaped = "$${literal} %%{literal}"
  heredoc = <<-EOT
    #!/bin/sh
    echo ${local.name}
    EOT
}

image "web" {
  source    = "ami-1"
  provision = [local.text, local.list, local.escaped, local.heredoc]
  tags      = { typed = local.typed == 3 ? "number" : "string" }
}
