fleet "web" {
  launch_template  = launch_template.web.id
  min_size         = 2
  max_size         = var.max
  desired_capacity = var.env == "prod" ? 4 : 2