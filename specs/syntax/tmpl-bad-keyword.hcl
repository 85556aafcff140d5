a = "%{iff b}x%{endif}"
