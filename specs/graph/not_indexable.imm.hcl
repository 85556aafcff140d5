locals {
  a = "text"[0]
  b = null.x
  c = toset(["a"])[0]
}
