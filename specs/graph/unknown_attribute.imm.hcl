launch_template "web" {
  image        = "ami-1"
  instance_typ = "t3.small"
}
