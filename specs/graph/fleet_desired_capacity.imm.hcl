fleet "api" {
  launch_template  = "lt-123"
  min_size         = 1
  max_size         = 5
  desired_capacity = 3
  subnets          = ["subnet-1"]
  target_groups    = ["arn:tg"]
}
