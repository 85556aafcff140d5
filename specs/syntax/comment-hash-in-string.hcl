a = "# not"
