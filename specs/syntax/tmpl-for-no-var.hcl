a = "%{for in xs}a%{endfor}"
