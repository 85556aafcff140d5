# The quick start on AWS: an AMI baked from Debian 12, a launch template booting it, and an
# Auto Scaling group of it behind a target group, with the state in S3.
#
# Real AWS:   credentials as the AWS CLI finds them (keys, a profile, a role, OIDC web identity from CI,
#             an instance role: README.md here), set the variables below (source AMI, subnets,
#             target group, state bucket), then `immplan plan examples/aws`.
# Local moto: scripts/moto-server start; IMMPLAN_VAR_endpoint=http://127.0.0.1:PORT and the fake
#             keys AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing (see README.md here).

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "endpoint" {
  type        = string
  default     = null
  description = "An AWS-compatible server such as moto; null for AWS itself."
}

variable "source_ami" {
  type        = string
  default     = "ami-0123456789abcdef0"
  description = "The base image the builder starts from (Debian 12 in your region)."
}

variable "app_version" {
  type    = string
  default = "1.4.2"
}

variable "subnets" {
  type    = list(string)
  default = []
}

variable "target_groups" {
  type    = list(string)
  default = []
}

variable "state_bucket" {
  type    = string
  default = "my-immplan-state"
}

locals {
  tags = {
    team    = "platform"
    service = "web"
  }
}

provider "aws" {
  region   = var.region
  endpoint = var.endpoint
}

state "s3" {
  bucket   = var.state_bucket
  key      = "web/immplan.state.json"
  region   = var.region
  endpoint = var.endpoint
}

image "web" {
  source        = var.source_ami
  instance_type = "t3.small"
  provision = [
    "apt-get update",
    "apt-get install -y nginx",
    "echo ${var.app_version} > /var/www/html/version",
  ]
  files = {
    "/etc/nginx/conf.d/health.conf" = "server { listen 8080; location /health { return 200; } }\n"
  }
  tags = local.tags
}

launch_template "web" {
  image         = image.web.id
  instance_type = "t3.small"
  user_data     = "#!/bin/sh\nsystemctl start nginx\n"
  tags          = local.tags
}

fleet "web" {
  launch_template  = launch_template.web.id
  min_size         = 2
  max_size         = 4
  desired_capacity = 2
  zones            = length(var.subnets) == 0 ? ["${var.region}a", "${var.region}b"] : null
  subnets          = length(var.subnets) == 0 ? null : var.subnets
  target_groups    = var.target_groups
  tags             = local.tags

  health_check {
    type         = length(var.target_groups) == 0 ? "ec2" : "elb"
    grace_period = "60s"
    timeout      = "10m"
  }

  rollout {
    strategy  = "blue_green"
    bake_time = "2m"
  }
}
