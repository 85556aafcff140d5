image "web" {
  source      = "ami-1"
  description = "built from ${image.base.id}"
}

image "base" {
  source = "ami-0"
}

fleet "web" {
  launch_template = "lt"
  min_size        = 1
  max_size        = 1
  lifecycle {
    prevent_destroy = image.base.id == "x"
  }
}
