# Quick start: one image, the launch template that boots it, and a fleet running it,
# on the embedded simulated cloud. Change `app_version` and plan again to see the
# replace cascade image → launch template → fleet.

variable "app_version" {
  type        = string
  default     = "1.4.2"
  description = "Version of the application baked into the image."
}

variable "fleet_size" {
  type    = number
  default = 3
}

locals {
  name = "web"
  tags = {
    team    = "platform"
    service = local.name
  }
}

provider "sim" {
  latency = "50ms"
}

image "web" {
  source        = "debian-12"
  provision     = [
    "apt-get install -y nginx",
    "install-app ${var.app_version}",
  ]
  files = {
    "/etc/app/version" = var.app_version
  }
  tags = local.tags
}

launch_template "web" {
  image         = image.web.id
  instance_type = "t3.small"
  user_data     = "systemctl start app"
  tags          = local.tags
}

fleet "web" {
  launch_template = launch_template.web.id
  min_size        = var.fleet_size
  max_size        = var.fleet_size * 2
  zones           = ["zone-a", "zone-b"]
  tags            = local.tags

  health_check {
    type         = "ec2"
    grace_period = "0s"
    timeout      = "30s"
  }

  rollout {
    strategy  = "blue_green"
    bake_time = "0s"
  }
}

output "fleet_name" {
  value = fleet.web.name
}

output "image_digest" {
  value = image.web.digest
}
