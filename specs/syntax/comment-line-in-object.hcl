a = {
  b = 1 # x
  c = 2 // y
}
