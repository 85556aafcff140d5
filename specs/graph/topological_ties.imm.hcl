image "zeta" {
  source = "ami-z"
}
image "alpha" {
  source = "ami-a"
}
launch_template "beta" {
  image         = image.zeta.id
  instance_type = "t3.small"
}
launch_template "alpha" {
  image         = image.alpha.id
  instance_type = "t3.small"
}
fleet "a" {
  launch_template = launch_template.beta.id
  min_size        = 0
  max_size        = 1
}
