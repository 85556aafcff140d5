image "web" {
  source = "ami-1"
}

fleet "web" {
  launch_template = "lt"
  min_size        = 1
  max_size        = 1
  lifecycle {
    replace_triggered_by = ["image.web", var.x, image.web.id]
  }
}
