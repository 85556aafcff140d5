image "web" {
  source    = var
  provision = [image]
}
