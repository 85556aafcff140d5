a = "x${b}y"
