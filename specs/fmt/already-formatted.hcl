variable "region" {
  type    = string
  default = "eu-west-1"
}

image "web" {
  source    = "ami-0123"
  provision = ["install-app 1.5.0"]
  tags = {
    Name = "web"
  }
}
