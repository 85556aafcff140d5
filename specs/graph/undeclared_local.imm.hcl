locals {
  base_image = "ami-1"
}

image "web" {
  source = local.base_imag
}
