a = b.*.c.d
