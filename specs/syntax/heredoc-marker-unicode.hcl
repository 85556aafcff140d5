a = <<ÉND
x
ÉND
