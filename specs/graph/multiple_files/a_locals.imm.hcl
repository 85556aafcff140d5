locals {
  ami = "ami-1"
}
