# A stack applied by immplan 0.1.0 (state format 1), kept to prove that later builds read it,
# plan nothing for it, roll it back and destroy it.

variable "app_version" {
  type    = string
  default = "1.1.0"
}

variable "db_password" {
  type      = string
  sensitive = true
  default   = "fixture-secret"
}

variable "with_worker" {
  type    = bool
  default = false
}

locals {
  tags = { team = "platform" }
}

provider "sim" {}

image "web" {
  source    = "debian-12"
  provision = ["install-app ${var.app_version}"]
  files     = { "/etc/app/version" = var.app_version }
  tags      = local.tags
  retain    = 2
}

launch_template "web" {
  image         = image.web.id
  instance_type = "t3.small"
  user_data     = "DB_PASSWORD=${var.db_password}"
  tags          = local.tags
}

fleet "web" {
  launch_template = launch_template.web.id
  min_size        = 2
  max_size        = 4
  zones           = ["zone-a", "zone-b"]

  health_check {
    grace_period = "0s"
    timeout      = "30s"
  }

  rollout {
    bake_time = "0s"
  }

  lifecycle {
    prevent_destroy = false
  }
}

image "tools" {
  source      = "debian-12"
  description = "shared tooling"
}

output "fleet_name" {
  value = fleet.web.name
}
