a = <<EOT
%{ for x in