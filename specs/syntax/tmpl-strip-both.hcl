a = "x \n ${~b~} \t y"
