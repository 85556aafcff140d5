locals {
  sum       = 0.1 + 0.2
  exact     = 0.1 + 0.2 == 0.3
  big       = 123456789012345678901234567890 + 1
  product   = 1.5 * 4
  quotient  = 10 / 4
  remainder = 10 % 3
  negative  = -5 - 2
  compare   = [1 < 2, 2 <= 2, 3 > 4, 4 >= 5]
  logic     = [true && false, true || false, !true]
  equality  = [1 == "1", [1, 2] == [1, 2], { a = 1 } != { a = 1 }, null == null]
  coerced   = "2" + 3
}

image "math" {
  source = "ami-1"
  tags = {
    sum       = local.sum
    exact     = local.exact
    big       = local.big
    product   = local.product
    quotient  = local.quotient
    remainder = local.remainder
    negative  = local.negative
    compare   = jsonencode(local.compare)
    logic     = jsonencode(local.logic)
    equality  = jsonencode(local.equality)
    coerced   = local.coerced
  }
}
