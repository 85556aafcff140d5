resource "aws_instance" "web" {
  count = 2
  ami   = data.aws_ami.ubuntu.id
  tags  = merge(var.tags, { Name = "web-${count.index}" })
  dynamic "ebs" {
    for_each