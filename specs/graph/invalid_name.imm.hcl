image "1web" {
  source = "ami-1"
}
