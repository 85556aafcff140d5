provider "sim" {
  fail = { "fleet.web" = "crash", "nonsense" = "create" }
}

fleet "web" {
  launch_template = "lt"
  min_size        = 1
  max_size        = 1
  health_check {
    type = "alb"
  }
  rollout {
    strategy = "canary"
  }
}
