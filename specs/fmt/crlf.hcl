a = 1
bb = 2
block {
c = <<EOT
keep
EOT
}
