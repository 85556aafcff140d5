import Testing

@testable import ImmplanParser

@Suite struct StringFunctionTests: FunctionTestCase {
  @Test func join() {
    #expect(value("join", s(", "), list(s("a"), s("b"), s("c"))) == s("a, b, c"))
    #expect(value("join", s(","), list()) == s(""))
    #expect(value("join", s("-"), list(s("a")), list(s("b"), s("c"))) == s("a-b-c"))
    #expect(value("join", s(","), list(n(1), .bool(true))) == s("1,true"))
    #expect(value("join", s(","), .set([s("a"), s("b")])) == s("a,b"))
    #expect(failure("join", s(","), list(s("a"), .null))?.testMessage == "element 1 is null; cannot join null values")
    #expect(failure("join", s(","), s("a"))?.argument == 1)
    #expect(failure("join", s(","), list(list()))?.testMessage == "element 0 must be a string, not list")
  }

  @Test func split() {
    #expect(value("split", s(","), s("a,b,c")) == list(s("a"), s("b"), s("c")))
    #expect(value("split", s(","), s("")) == list(s("")))
    #expect(value("split", s(","), s("a,")) == list(s("a"), s("")))
    #expect(value("split", s("::"), s("a::b:c")) == list(s("a"), s("b:c")))
    #expect(value("split", s(""), s("añ")) == list(s("a"), s("ñ")))
    #expect(value("split", s("x"), s("abc")) == list(s("abc")))
  }

  @Test func upperAndLower() {
    #expect(value("upper", s("hello wörld")) == s("HELLO WÖRLD"))
    #expect(value("lower", s("HELLO WÖRLD")) == s("hello wörld"))
    #expect(value("upper", s("straße")) == s("STRAßE"))  // Go's simple mapping keeps ß
    #expect(value("upper", n(1)) == s("1"))
    #expect(failure("lower", map([:]))?.argument == 0)
  }

  @Test func trimspace() {
    #expect(value("trimspace", s("  hello \n\t")) == s("hello"))
    #expect(value("trimspace", s("\r\n a b \u{00A0}")) == s("a b"))
    #expect(value("trimspace", s("   ")) == s(""))
    #expect(value("trimspace", s("")) == s(""))
  }

  @Test func replace() {
    #expect(value("replace", s("1 + 2 + 3"), s("+"), s("-")) == s("1 - 2 - 3"))
    #expect(value("replace", s("hello"), s("x"), s("y")) == s("hello"))
    #expect(value("replace", s("aaa"), s("aa"), s("b")) == s("ba"))
    #expect(value("replace", s("abc"), s(""), s("-")) == s("-a-b-c-"))
    #expect(value("replace", s("/"), s("/"), s("x")) == s("x"))  // a lone slash is a plain substring
    let regex = failure("replace", s("hello"), s("/l+/"), s("L"))
    #expect(regex?.argument == 1)
    #expect(regex?.testMessage.contains("regular expression") == true)
  }
}

@Suite struct FormatFunctionTests: FunctionTestCase {
  private func format(_ spec: String, _ arguments: Value...) -> Value? {
    try? library.call("format", [s(spec)] + arguments, expandsFinal: false).get()
  }

  private func formatError(_ spec: String, _ arguments: Value...) -> FunctionError? {
    if case .failure(let error) = library.call("format", [s(spec)] + arguments, expandsFinal: false) { return error }
    return nil
  }

  @Test func strings() {
    #expect(format("Hello, %s!", s("Ander")) == s("Hello, Ander!"))
    #expect(format("%s-%s", s("a"), n(2)) == s("a-2"))
    #expect(format("%q", s("a\"b")) == s(#""a\"b""#))
    #expect(format("[%5s]", s("ab")) == s("[   ab]"))
    #expect(format("[%-5s]", s("ab")) == s("[ab   ]"))
    #expect(format("[%.2s]", s("héllo")) == s("[hé]"))
    #expect(format("[%3s]", s("日本")) == s("[ 日本]"))
    #expect(format("100%%") == s("100%"))
    #expect(format("%s", .bool(true)) == s("true"))
  }

  @Test func numbers() {
    #expect(format("There are %d lights", n(4)) == s("There are 4 lights"))
    #expect(format("%d", s("42")) == s("42"))
    #expect(format("%5d|%-5d|%05d", n(42), n(42), n(-42)) == s("   42|42   |-0042"))
    #expect(format("%+d % d", n(5), n(5)) == s("+5  5"))
    #expect(format("%x %X %o %b", n(255), n(255), n(8), n(5)) == s("ff FF 10 101"))
    #expect(format("%#x %#o %#b", n(255), n(8), n(5)) == s("0xff 010 0b101"))
    #expect(format("%.3d", n(7)) == s("007"))
    #expect(format("%d", n("123456789012345678901234567890")) == s("123456789012345678901234567890"))
    #expect(format("%x", n("18446744073709551616")) == s("10000000000000000"))
    #expect(format("%f", n("3.14159")) == s("3.141590"))
    #expect(format("%.2f", n("3.14159")) == s("3.14"))
    #expect(format("%.0f", n("2.5")) == s("2"))
    #expect(format("%.1f", n("-0.25")) == s("-0.2"))
    #expect(format("%8.3f|", n("3.14159")) == s("   3.142|"))
    #expect(format("%08.3f", n("-3.14159")) == s("-003.142"))
    #expect(format("%e", n("1234.5678")) == s("1.234568e+03"))
    #expect(format("%.2E", n("0.000123")) == s("1.23E-04"))
    #expect(format("%g", n("0.5")) == s("0.5"))
    #expect(format("%g", n("1234567")) == s("1.234567e+06"))
    #expect(format("%g", n("100000")) == s("100000"))
    #expect(format("%g", n("0.00001")) == s("1e-05"))
    #expect(format("%.3g", n("1234.5")) == s("1.23e+03"))
    #expect(format("%.3g", n("3.14159")) == s("3.14"))
    #expect(format("%f", n(0)) == s("0.000000"))
    #expect(format("%e", n(0)) == s("0.000000e+00"))
  }

  @Test func defaultFormats() {
    #expect(format("%v", s("text")) == s("text"))
    #expect(format("%v", n("1.5")) == s("1.5"))
    #expect(format("%v", .bool(false)) == s("false"))
    #expect(format("%v", .null) == s("null"))
    #expect(format("%v", list(n(1), s("a"))) == s(#"[1,"a"]"#))
    #expect(format("%#v", s("text")) == s(#""text""#))
    #expect(format("%v", map(["b": n(1), "a": n(2)])) == s(#"{"a":2,"b":1}"#))
    #expect(format("%t", .bool(true)) == s("true"))
    #expect(format("%t", s("false")) == s("false"))
  }

  @Test func explicitArgumentIndexes() {
    #expect(format("%[2]s %[1]s", s("a"), s("b")) == s("b a"))
    #expect(format("%[2]s %s", s("a"), s("b"), s("c")) == s("b c"))  // continues from the explicit index
    #expect(format("%[1]s %s", s("a"), s("b")) == s("a b"))
  }

  @Test func errors() {
    #expect(formatError("%s %s", s("a"))?.argument == 0)
    #expect(formatError("%s %s", s("a"))?.testMessage.contains("not enough arguments") == true)
    #expect(formatError("%s", s("a"), s("b"))?.argument == 2)
    #expect(formatError("%s", s("a"), s("b"))?.testMessage.contains("too many arguments") == true)
    #expect(formatError("plain", s("a"))?.testMessage.contains("no verbs") == true)
    #expect(formatError("%d", n("1.5"))?.testMessage.contains("an integer is required") == true)
    #expect(formatError("%d", s("abc"))?.argument == 1)
    #expect(formatError("%s", .null)?.testMessage.contains("null cannot be formatted") == true)
    #expect(formatError("%s", list())?.testMessage.contains("a string is required") == true)
    #expect(formatError("%y", s("a"))?.testMessage.contains("unsupported format verb") == true)
    #expect(formatError("%", s("a"))?.testMessage.contains("incomplete") == true)
    #expect(formatError("%!", s("a"))?.testMessage.contains("unrecognized format character") == true)
    #expect(formatError("%*d", n(1))?.argument == 0)
    #expect(formatError("%99999999d", n(1))?.argument == 0)
    #expect(formatError("%t", n(1))?.testMessage.contains("a bool is required") == true)
    #expect(formatError("%d", n("1e20000"))?.testMessage.contains("too large") == true)
    #expect(formatError("%f", n("1e20000"))?.argument == 1)
    #expect(format("%e", n("1e20000")) == s("1.000000e+20000"))
    #expect(format("%.2f", n("1e-20000")) == s("0.00"))
  }
}
