image {
  source = "ami-1"
}

fleet "a" "b" {
  launch_template = "lt"
  min_size        = 1
  max_size        = 1
}

locals "x" {
  a = 1
}
