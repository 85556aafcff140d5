a = { in = 1, if = 2 }
