region = "eu"

image "web" {
  source = "ami-1"
}
