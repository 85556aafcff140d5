a = 1
bbb = 2
cc   =   3

# a comment ends a run
dddd = 4
e = 5
block {
x = 1
yyyyy = 2
multi = [
1,
]
z = 3
}
