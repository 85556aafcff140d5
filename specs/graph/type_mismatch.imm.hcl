fleet "web" {
  launch_template = "lt"
  min_size        = "two"
  max_size        = 2
  zones           = "eu-west-1a"
  tags            = { a = ["x"] }
  health_check {
    timeout = "ten minutes"
  }
}
