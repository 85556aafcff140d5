a = !b && -c
