a = (b
? c
: d)
