provider "gcp" {}

state "s4" {
  bucket = "b"
}
