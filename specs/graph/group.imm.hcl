variable "env" {
  type    = string
  default = "prod"
}

locals {
  base = "ami-123"
  tags = { env = var.env, team = "web" }
}

image "web" {
  source      = local.base
  provision   = ["apt-get install -y nginx", "echo ${var.env} > /etc/env"]
  files       = { "/etc/motd" = "hello" }
  tags        = local.tags
  description = "web server image"
  retain      = 3
}

launch_template "web" {
  image           = image.web.id
  instance_type   = "t3.small"
  security_groups = ["sg-1"]
  tags            = local.tags
}

fleet "web" {
  launch_template = launch_template.web.id
  min_size        = 2
  max_size        = 4
  zones           = ["eu-west-1a", "eu-west-1b"]
  tags            = local.tags

  health_check {
    type         = "elb"
    grace_period = "90s"
    timeout      = "15m"
  }

  rollout {
    bake_time = "5m"
  }
}

output "fleet_name" {
  value       = fleet.web.name
  description = "the live fleet"
}
