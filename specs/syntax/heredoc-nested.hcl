a = <<EOT
${<<INNER
x
INNER
}
EOT
