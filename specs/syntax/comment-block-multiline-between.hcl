a = 1 /* x
y */
b = 2
