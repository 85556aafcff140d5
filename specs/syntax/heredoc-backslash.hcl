a = <<EOT
a\nb\q
EOT
