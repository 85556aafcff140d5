a = "%{if b}x%{endfor}"
