a = b.1e3
