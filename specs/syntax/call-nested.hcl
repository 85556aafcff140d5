a = f(g(h(1)))
