


first = 1
