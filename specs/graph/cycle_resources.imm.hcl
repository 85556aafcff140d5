image "web" {
  source = launch_template.web.id
}

launch_template "web" {
  image         = image.web.id
  instance_type = "t3.small"
}

output "o" {
  value = image.web.id
}
