empty_list = [ ]
empty_map = {   }
list = [1,2,3]
map = {a=1,b="two",c:3}
nested = {inner={x=[1,{y=2}]}}
trailing = [1,2,]
multi = [
  "a",
    "b",
  "c",
]
object = {
name = "web"
  "quoted key" = 1
  (var.dynamic) = 2
}
