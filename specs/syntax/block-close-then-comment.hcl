a {
} # done
