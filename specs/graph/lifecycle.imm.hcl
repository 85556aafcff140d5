image "web" {
  source = "ami-1"
  lifecycle {
    prevent_destroy = true
  }
}

launch_template "web" {
  image         = image.web.id
  instance_type = "t3.micro"
}

fleet "web" {
  launch_template = launch_template.web.id
  min_size        = 1
  max_size        = 1
  lifecycle {
    create_before_destroy = false
    replace_triggered_by  = [image.web, image.web.digest]
  }
}
