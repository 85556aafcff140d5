fleet "a" {
  launch_template  = "lt"
  min_size         = 2
  max_size         = 4
  desired_capacity = 5
}

fleet "b" {
  launch_template = "lt"
  min_size        = 3
  max_size        = 1
}

fleet "c" {
  launch_template  = "lt"
  min_size         = 2
  max_size         = 4
  desired_capacity = 1
}
