# Durations are at most ten years: a deadline of now plus the duration must fit in 64 bits.
fleet "ok" {
  launch_template = "lt"
  min_size        = 1
  max_size        = 1
  health_check {
    grace_period = "87600h"
  }
}

fleet "too_long" {
  launch_template = "lt"
  min_size        = 1
  max_size        = 1
  health_check {
    grace_period = "87600h1ms"
    timeout      = "2562047788015h"
  }
  rollout {
    bake_time = "100000h"
  }
}
