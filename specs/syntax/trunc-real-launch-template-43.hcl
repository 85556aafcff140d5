launch_template "web" {
  image           =