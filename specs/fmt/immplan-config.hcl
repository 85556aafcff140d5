launch_template "web" {
image = image.web.id
instance_type="t3.small"
security_groups=["sg-1","sg-2"]
}
fleet "web" {
launch_template = launch_template.web.id
min_size = 2
max_size = 4
desired_capacity = 3
health_check {
type = "elb"
grace_period = "90s"
}
lifecycle {
create_before_destroy = true
}
}
