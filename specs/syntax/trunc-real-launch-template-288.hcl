launch_template "web" {
  image           = image.web.id
  instance_type   = var.size
  security_groups = [for g in var.groups : g.id]
  user_data       = <<-EOF
    #!/bin/sh
    echo "hello ${var.env}"
    %{ for k, v in var.env_vars ~}
    export ${k}=${v}
    %{ endfor ~}
  EOF
  lif