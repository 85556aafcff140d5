image "web" {
  source = "ami-1"
  tags   = { self = image.web.source }
}
