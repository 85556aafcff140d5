image "web" {
  source = local.ami
}
