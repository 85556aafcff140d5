a = "%{for x in xs}a"
