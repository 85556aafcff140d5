a {
} /* done */
