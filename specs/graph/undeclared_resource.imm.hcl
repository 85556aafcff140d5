image "web" {
  source = "ami-1"
}

launch_template "web" {
  image         = image.webb.id
  instance_type = "t3.small"
}
