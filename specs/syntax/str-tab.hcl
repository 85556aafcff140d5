a = "	x"
