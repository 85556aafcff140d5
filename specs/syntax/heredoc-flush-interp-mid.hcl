a = <<-EOT
    a ${x}
      b
    EOT
