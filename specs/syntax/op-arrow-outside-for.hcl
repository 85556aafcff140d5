a = b => c
