variable "app_version" {
  type    = string
  default = "1.4.2"
}

image "web" {
  source    = "debian-12"
  provision = ["apt-get install -y nginx", "install-app ${var.app_version}"]
}

launch_template "web" {
  image         = image.web.id
  instance_type = "t3.small"
}

fleet "web" {
  launch_template = launch_template.web.id
  min_size        = 2
  max_size        = 4

  health_check {
    grace_period = "90s"
  }
}
