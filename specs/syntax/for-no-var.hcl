a = [for in xs : x]
