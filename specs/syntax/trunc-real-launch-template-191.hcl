launch_template "web" {
  image           = image.web.id
  instance_type   = var.size
  security_groups = [for g in var.groups : g.id]
  user_data       = <<-EOF
    #!/bin/sh
    echo "hello