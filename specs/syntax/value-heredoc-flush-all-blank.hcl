a = <<-EOT

   
EOT
