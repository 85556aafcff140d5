a = <<-EOT
    a   
    EOT
