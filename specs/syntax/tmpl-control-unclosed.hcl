a = "%{if b"
