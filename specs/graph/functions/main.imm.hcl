locals {
  script = file("provision.sh")
  text = {
    upper      = upper("web")
    lower      = lower("WEB")
    trimspace  = trimspace("  padded \n")
    replace    = replace("a-b-c", "-", "_")
    format     = format("%s has %d instances (%.1f%%)", "web", 3, 42.5)
    join       = join(",", ["a", "b", "c"])
    split      = jsonencode(split(",", "a,b,c"))
    tostring   = tostring(42)
    tonumber   = tonumber("0.1") + 0.2
    sha256     = sha256("hello")
    filesha256 = filesha256("provision.sh")
    base64     = base64encode("hello, world")
    decoded    = base64decode("aGVsbG8sIHdvcmxk")
    json       = jsonencode({ b = [1, true, null], a = "x" })
  }
  collections = {
    concat   = jsonencode(concat(["a"], ["b", "c"]))
    merge    = jsonencode(merge({ a = 1, b = 1 }, { b = 2 }))
    length   = length([1, 2, 3]) + length({ a = 1 }) + length("four")
    lookup   = lookup({ a = "x" }, "b", "default")
    keys     = jsonencode(keys({ b = 1, a = 2 }))
    values   = jsonencode(values({ b = 1, a = 2 }))
    contains = contains(["a", "b"], "b")
    min      = min(3, 1, 2)
    max      = max([3, 1, 2]...)
    coalesce = coalesce("", "first", "second")
    numbers  = jsonencode([abs(-2), ceil(1.2), floor(1.8), pow(2, 10), signum(-5)])
  }
}

image "web" {
  source    = "ami-1"
  provision = [local.script]
  files     = { "/opt/provision.sh" = local.script }
  tags      = merge(local.text, local.collections)
}
