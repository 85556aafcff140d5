image "web" {
  source = foo.bar
  tags   = { for k, v in {} : k => x }
}
