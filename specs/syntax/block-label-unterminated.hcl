b "abc {
}
