a = "%{for x in xs}%{if x}y%{endif}%{endfor}"
