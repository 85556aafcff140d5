a = <<EOT
"quoted" 'single'
EOT
