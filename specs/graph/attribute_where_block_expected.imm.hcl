fleet "web" {
  launch_template = "lt"
  min_size        = 1
  max_size        = 1
  lifecycle       = { prevent_destroy = true }
}
