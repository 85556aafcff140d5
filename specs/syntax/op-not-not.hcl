a = !!b
