fleet "web" {
  launch_template  = launch_templat