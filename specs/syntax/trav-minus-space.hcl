a = b.c - d
