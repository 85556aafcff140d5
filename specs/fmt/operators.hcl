x = -1+2*3/4%5-(-6)
y = a&&b||!c
z = a==b ? a!=c : a<=b&&a>=c||a<b||a>c
neg = 1 - -2
splat = a.b [0] . c[*].d
full = a[*]
legacy = a.0
call = f( 1 , 2 , xs ... )
cond = a ? - 1 : b
forl = [ for i , v in xs : v * 2 if i > 0 ]
form = { for k , v in m : k => v ... if v != null }
paren = ( ( 1 ) )
