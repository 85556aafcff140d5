true = 1
for = 2
if = 3
null = 4
in = 5
