a = <<EOT
%{ for x in xs ~}
-