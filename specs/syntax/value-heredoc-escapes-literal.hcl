a = <<EOT
\n \t \" $${x} %%{y}
EOT
