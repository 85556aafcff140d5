resource "x" {
user_data = <<EOT
#!/bin/sh
  echo ${var.name}   
	tabs	kept
EOT
indented = <<-EOT
      stripped
        more
      EOT
call = join("", [<<EOT
inside
EOT
, "b"])
after = 1
}
