a = <<EOT
hello
EOT   
