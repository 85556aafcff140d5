image "web" {
  source        = "ami-0123456789"
  instance_type = "t3.small"
  prov