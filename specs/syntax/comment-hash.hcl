# x
a = 1 # y
