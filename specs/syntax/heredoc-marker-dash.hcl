a = <<END-OF
x
END-OF
