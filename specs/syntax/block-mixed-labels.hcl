resource a "b" c {
}
