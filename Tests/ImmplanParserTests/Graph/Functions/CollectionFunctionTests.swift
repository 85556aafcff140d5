import Testing

@testable import ImmplanParser

@Suite struct CollectionFunctionTests: FunctionTestCase {
  @Test func concat() {
    #expect(value("concat", list(s("a")), list(s("b"), s("c"))) == list(s("a"), s("b"), s("c")))
    #expect(value("concat", list()) == list())
    #expect(failure("concat", list(), .set([s("a")]))?.argument == 1)
    #expect(failure("concat", s("a"))?.testMessage == "all arguments must be lists or tuples, got string")
  }

  @Test func merge() {
    #expect(value("merge", map(["a": n(1), "b": n(2)]), map(["b": n(3)])) == map(["a": n(1), "b": n(3)]))
    #expect(value("merge") == map([:]))
    #expect(value("merge", .null, map(["a": n(1)])) == map(["a": n(1)]))
    #expect(failure("merge", map([:]), list())?.argument == 1)
  }

  @Test func length() {
    #expect(value("length", s("héllo")) == n(5))
    #expect(value("length", s("👨‍👩‍👧")) == n(1))
    #expect(value("length", list(n(1), n(2))) == n(2))
    #expect(value("length", map(["a": n(1)])) == n(1))
    #expect(value("length", .set([])) == n(0))
    #expect(value("length", list(.unknown, .unknown)) == n(2))  // known although the elements are not
    #expect(value("length", .unknown) == .unknown)
    #expect(value("length", list(secret)) == n(1))  // only the collection's own mark counts
    #expect(value("length", secret) == .sensitive(n(7)))
    #expect(failure("length", .null)?.testMessage == "argument must not be null")
    #expect(failure("length", n(5))?.argument == 0)
  }

  @Test func lookup() {
    let m = map(["a": s("x"), "b": s("y")])
    #expect(value("lookup", m, s("a")) == s("x"))
    #expect(value("lookup", m, s("c"), s("default")) == s("default"))
    #expect(failure("lookup", m, s("c"))?.argument == 1)
    #expect(failure("lookup", list(), s("a"))?.argument == 0)
    #expect(value("lookup", m, .unknown) == .unknown)
  }

  @Test func keysAndValues() {
    let m = map(["b": n(2), "a": n(1), "B": n(3)])
    #expect(value("keys", m) == list(s("B"), s("a"), s("b")))
    #expect(value("values", m) == list(n(3), n(1), n(2)))
    #expect(value("keys", map([:])) == list())
    #expect(value("keys", map(["a": .unknown])) == list(s("a")))
    #expect(value("values", map(["a": .unknown])) == .unknown)
    #expect(value("keys", map(["password": secret])) == list(s("password")))
    #expect(value("values", map(["password": secret]))?.isSensitive == true)
    #expect(failure("keys", list())?.argument == 0)
    #expect(failure("values", .null)?.argument == 0)
  }

  @Test func contains() {
    #expect(value("contains", list(s("a"), s("b")), s("b")) == .bool(true))
    #expect(value("contains", list(s("a"), s("b")), s("c")) == .bool(false))
    #expect(value("contains", list(n(1)), s("1")) == .bool(false))  // cty compares with types
    #expect(value("contains", .set([n(1), n(2)]), n("2.0")) == .bool(true))
    #expect(value("contains", list(), .unknown) == .bool(false))
    #expect(value("contains", list(s("a"), .unknown), s("a")) == .bool(true))
    #expect(value("contains", list(s("a"), .unknown), s("b")) == .unknown)
    #expect(failure("contains", s("abc"), s("a"))?.argument == 0)
  }

  @Test func coalesce() {
    #expect(value("coalesce", .null, s(""), s("b")) == s("b"))
    #expect(value("coalesce", n(1), n(2)) == n(1))
    #expect(value("coalesce", .null, n(2)) == n(2))
    #expect(value("coalesce", s(""), n(2)) == s("2"))  // primitives unify to string
    #expect(value("coalesce", s("a"), .unknown) == s("a"))
    #expect(value("coalesce", .null, .unknown, s("a")) == .unknown)
    #expect(
      failure("coalesce", .null, s(""))
        == .callFailed(function: "coalesce", message: "no non-null, non-empty-string arguments"))
    #expect(failure("coalesce", s("a"), list())?.argument == 1)
  }
}

@Suite struct NumberFunctionTests: FunctionTestCase {
  @Test func minAndMax() {
    #expect(value("min", n(3), n("1.5"), n(2)) == n("1.5"))
    #expect(value("max", n(3), n("1.5"), n(2)) == n(3))
    #expect(value("max", s("10"), n(9)) == n(10))
    #expect(value("min", n(-1)) == n(-1))
    #expect(failure("max", n(1), s("x"))?.argument == 1)
    #expect(failure("max", n(1), list())?.testMessage == "a number is required, got list")
  }

  @Test func tostringAndTonumber() {
    #expect(value("tostring", n("1.50")) == s("1.5"))
    #expect(value("tostring", .bool(true)) == s("true"))
    #expect(value("tostring", s("x")) == s("x"))
    #expect(value("tostring", .null) == .null)
    #expect(failure("tostring", list())?.testMessage == "cannot convert list to string")
    #expect(value("tonumber", s("42")) == n(42))
    #expect(value("tonumber", s("-1.5e2")) == n(-150))
    #expect(value("tonumber", n(7)) == n(7))
    #expect(value("tonumber", .null) == .null)
    #expect(failure("tonumber", s("abc"))?.testMessage == #"cannot convert the string "abc" to number"#)
    #expect(failure("tonumber", .bool(true))?.testMessage == "cannot convert bool to number")
  }

  @Test func extraNumericFunctions() {
    #expect(value("abs", n(-3)) == n(3))
    #expect(value("ceil", n("1.2")) == n(2))
    #expect(value("floor", n("-1.2")) == n(-2))
    #expect(value("signum", n("-0.5")) == n(-1))
    #expect(value("pow", n(2), n(10)) == n(1024))
    #expect(failure("pow", n(0), n(-1))?.argument == nil)
    #expect(failure("pow", n(2), n("0.5"))?.argument == 1)
  }

  @Test func arithmeticOfTheBrief() {
    // BRIEF §2: numbers behave as in HCL, not as Double.
    #expect(value("max", n("0.1"), n("0.3")) == n("0.3"))
    #expect(value("tostring", .number(Number("0.1")! + Number("0.2")!)) == s("0.3"))
  }
}
