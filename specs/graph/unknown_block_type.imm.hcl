imagee "web" {
  source = "ami-1"
}
