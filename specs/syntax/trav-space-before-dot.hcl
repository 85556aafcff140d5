a = b .c
