a = f(1, "two", three)
