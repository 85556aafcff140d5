café = 1
naïve_name = 2
x = "héllo wörld"
