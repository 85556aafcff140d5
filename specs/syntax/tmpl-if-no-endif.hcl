a = "%{if b}yes"
