# hash comment
// slash comment
/* block
   comment */
a = 1 # first
bb = 22   # second   
ccc = 333 /* third */

block { # opens
  x = 1 // inline
  /* standalone */
  yy = 2
}
