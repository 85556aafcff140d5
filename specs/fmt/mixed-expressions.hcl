a = [ # comment after bracket
  1, # one
  2 /* two */ ,
  # standalone
  3
]
b = {
  k1 = "v" # c
  k2 : 2,
  "k3" = [for x in [1,2] : x if x>1]
}
c = f(
  1,
  <<-EOT
    hi
    EOT
  ,
  3
)
d = "%{ for x in xs }${x}%{ endfor }"
e = a.*.b
f = a[*].b[0]
g = (a
  + b)
h = a ? b : c ? d : e
i = -a.b
j = !(a && b)
k = x.0
l = [
  {
    a = 1
  },
  {
    b = 2
  },
]
m = { for k, v in x : k => v... }
n = 1.5e+10
o = true && false
p = null
q = "a" == "b"
r = [
]
s = {
}
blk "x" "y" label {
}
blk2 { a = 1 }
