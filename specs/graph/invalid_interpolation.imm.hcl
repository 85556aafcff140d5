locals {
  a = "list: ${["x"]}"
  b = "null: ${null}"
}
