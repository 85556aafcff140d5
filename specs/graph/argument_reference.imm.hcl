launch_template "web" {
  image         = "ami-1"
  instance_type = "t3.large"
  user_data     = "#!/bin/sh"
}

image "builder" {
  source        = launch_template.web.image
  instance_type = launch_template.web.instance_type
  tags          = { template = launch_template.web.id, has_key = launch_template.web.key_name == null ? "no" : "yes" }
}
