fleet "api" {
  launch_template = "lt-123"
  min_size        = 1
  max_size        = 3
}
