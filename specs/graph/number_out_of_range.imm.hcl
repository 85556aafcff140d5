image "web" {
  source = "ami-1"
  retain = -1
}

fleet "web" {
  launch_template = "lt"
  min_size        = 1.5
  max_size        = 2
}
