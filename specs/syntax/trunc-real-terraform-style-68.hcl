resource "aws_instance" "web" {
  count = 2
  ami   = data.aws_ami.u