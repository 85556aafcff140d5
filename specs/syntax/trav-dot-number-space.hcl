a = b. 0
