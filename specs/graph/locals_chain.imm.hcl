locals {
  c = local.b * 2
  b = local.a + 1
  a = 20
  name = "app-${local.c}"
}

image "app" {
  source = local.name
}
