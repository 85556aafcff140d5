locals {
  ami = "ami-2"
}
