a = <<EOT
cost $5 and 50%
EOT
