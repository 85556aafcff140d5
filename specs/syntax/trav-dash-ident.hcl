a = b.c-d
