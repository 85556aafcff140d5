state "local" {}
state "local" {}

provider "sim" {}
provider "sim" {}

fleet "web" {
  launch_template = "lt"
  min_size        = 1
  max_size        = 1
  health_check {}
  health_check {}
}
