image "web" {
  source = "ami-1"
}

locals {
  web = image.web
}

launch_template "web" {
  image         = local.web.id
  instance_type = local.web.instance_type
}
