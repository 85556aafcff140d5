a = "%{if a}%{endif b}"
