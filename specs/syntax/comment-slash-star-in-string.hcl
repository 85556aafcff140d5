a = "/* not */"
