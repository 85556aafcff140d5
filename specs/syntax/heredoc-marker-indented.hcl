a = <<EOT
hello
   EOT
