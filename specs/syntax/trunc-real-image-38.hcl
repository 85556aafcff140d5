image "web" {
  source        = "ami-0