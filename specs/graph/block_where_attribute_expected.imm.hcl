image "web" {
  source = "ami-1"
  tags {
    a = "b"
  }
}
