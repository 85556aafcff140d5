image "web" {
  source = "ami-1" +
}

image "api" {
  sourc = "ami-2"
}
