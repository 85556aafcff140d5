a = 1 # ok
