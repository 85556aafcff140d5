image "web" {
  source = "ami-1"
}

output "ids" {
  value = [image.web.id, image.web.digest]
}

output "static" {
  value = { region = "eu", count = 2 }
}
