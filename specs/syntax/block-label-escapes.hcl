b "a\"b\n\u00e9" {
}
