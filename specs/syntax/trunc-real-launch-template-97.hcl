launch_template "web" {
  image           = image.web.id
  instance_type   = var.size
  security_