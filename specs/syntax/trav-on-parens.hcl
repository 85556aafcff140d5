a = (b).c
