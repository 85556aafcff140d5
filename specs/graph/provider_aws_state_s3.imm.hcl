provider "aws" {
  region   = "eu-west-1"
  endpoint = "http://127.0.0.1:5000"
}

state "s3" {
  bucket = "immplan-state"
  key    = "prod/immplan.state.json"
  region = "eu-west-1"
}

image "web" {
  source = "ami-1"
}
