fleet "web" {
  launch_template  = launch_template.web.id
  min_size         = 2
  max_size         = var.max
  desired_capacity = var.env == "prod" ? 4 : 2
  zones            = ["eu-west-1a", "eu-west-1b"]
  health_check {
    type         = "elb"
    grace_period = "90s"
  }
  rollout { strategy = "blue_green" }
  lifecycle 