fleet "web" {
  min_size = 1
}
