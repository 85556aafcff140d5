image "web" {
  source = 1 / 0
  retain = "many"
  colour = "blue"
}

fleet "web" {
  launch_template = launch_template.missing.id
  min_size        = 5
  max_size        = 1
}
