image "web" {
  source        = "ami-0123456789"
  instance_type = "t3.small"
  provision = [
    "apt-get update",
    "install-app ${var.app_version}",
  ]
  files =