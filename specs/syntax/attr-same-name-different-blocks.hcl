b {
  x = 1
}
c {
  x = 2
}
x = 3
