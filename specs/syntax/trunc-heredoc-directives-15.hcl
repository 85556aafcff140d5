a = <<EOT
%{ fo