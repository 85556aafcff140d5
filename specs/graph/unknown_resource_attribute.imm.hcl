image "web" {
  source = "ami-1"
}

launch_template "web" {
  image         = image.web.idd
  instance_type = "t3.small"
  user_data     = image.web.retain
}
