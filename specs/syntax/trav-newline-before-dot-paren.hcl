a = (b
.c)
