a = [for x in xs : x ? 1 : 2]
