image "web" {
  source = null
}
