a = "%{for x in xs}a%{else}b%{endfor}"
