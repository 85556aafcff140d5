a = "abc\
"
