provider "sim" {
  dir     = "build/sim"
  latency = "200ms"
  fail = {
    "fleet.web"  = "health"
    "image.base" = "create"
  }
}

image "base" {
  source = "ami-1"
}
