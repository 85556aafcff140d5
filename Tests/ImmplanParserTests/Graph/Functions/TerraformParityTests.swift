import Testing

@testable import ImmplanParser

/// Results checked against Terraform v1.11.4 (`terraform console`, one expression at a time) on
/// 2026-11-25. Where immplan deliberately differs, the test says so.
@Suite struct TerraformParityTests: FunctionTestCase {
  @Test func formatMatchesTerraform() {
    let cases: [(String, [Value], String)] = [
      ("%g", [n(1_234_567)], "1.234567e+06"),
      ("%v", [n(1_234_567)], "1.234567e+06"),
      ("%v", [n(100_000)], "100000"),
      ("%v", [n("1e21")], "1e+21"),
      ("%s", [n("1e21")], "1000000000000000000000"),
      ("%v", [n("-0.00001234")], "-1.234e-05"),
      ("%g", [n("0.00001")], "1e-05"),
      ("%.3g", [n("1234.5")], "1.23e+03"),
      ("%.10g", [n(2)], "2"),
      ("%g", [n(100)], "100"),
      ("%.2g", [n(100)], "1e+02"),
      ("%.0f", [n("2.5")], "2"),
      ("%.1f", [n("-0.25")], "-0.2"),
      ("%.2f", [n("0.125")], "0.12"),
      ("%6.2f%%", [n("12.345")], " 12.34%"),
      ("%-8.3f|", [n("3.14159")], "3.142   |"),
      ("%e", [n("1234.5678")], "1.234568e+03"),
      ("%e", [n("1e-300")], "1.000000e-300"),
      ("%.3f", [n("1e-10")], "0.000"),
      ("%+.2e", [n(0)], "+0.00e+00"),
      ("%08.3f", [n("-3.14159")], "-003.142"),
      ("%5d|%-5d|%05d", [n(42), n(42), n(-42)], "   42|42   |-0042"),
      ("%-05d|", [n(42)], "42   |"),
      ("% d", [n(-5)], "-5"),
      ("%#x %#o %#b", [n(255), n(8), n(5)], "0xff 010 0b101"),
      ("%x", [n(-255)], "-ff"),
      ("%x", [n("18446744073709551616")], "10000000000000000"),
      ("%.3d", [n(7)], "007"),
      ("%.0d", [n(0)], ""),
      ("%d", [s("12")], "12"),
      ("%q", [s("a\"b<")], #""a\"b\u003c""#),
      ("[%.2s]", [s("héllo")], "[hé]"),
      ("%05s|%-5s|", [s("ab"), s("cd")], "000ab|cd   |"),
      ("%5v|", [s("ab")], "   ab|"),
      ("%#v", [s("x")], #""x""#),
      ("%#v", [n(5)], "5"),
      ("%v", [list(n(1), s("a"))], #"[1,"a"]"#),
      ("%v", [map(["b": n(1), "a": n(2)])], #"{"a":2,"b":1}"#),
      ("%v", [.bool(true)], "true"),
      ("%t", [s("false")], "false"),
      ("%[2]s %s", [s("a"), s("b"), s("c")], "b c"),
    ]
    for (specification, arguments, expected) in cases {
      let result = try? library.call("format", [s(specification)] + arguments).get()
      #expect(result == s(expected), "format(\(specification))")
    }
  }

  @Test func formatErrorsMatchTerraform() {
    // Terraform: "too many arguments; only 1 used by format string", "... no verbs in format string".
    #expect(failure("format", s("%s"), s("a"), s("b"))?.testMessage.contains("uses only 1") == true)
    #expect(failure("format", s("plain"), s("a"))?.testMessage.contains("no verbs") == true)
  }

  @Test func stringFunctionsMatchTerraform() {
    #expect(value("upper", s("straße")) == s("STRAßE"))
    #expect(value("upper", s("ǆ")) == s("Ǆ"))
    #expect(value("lower", s("ÀÉ")) == s("àé"))
    #expect(value("upper", n(1)) == s("1"))
    #expect(value("trimspace", s("\r\n a b \u{00A0}")) == s("a b"))
    #expect(value("split", s(","), s("")) == list(s("")))
    #expect(value("split", s(","), s("a,")) == list(s("a"), s("")))
    #expect(value("split", s(""), s("añ")) == list(s("a"), s("ñ")))
    #expect(value("split", s("::"), s("a::b:c")) == list(s("a"), s("b:c")))
    #expect(value("replace", s("abc"), s(""), s("-")) == s("-a-b-c-"))
    #expect(value("replace", s("aaa"), s("aa"), s("b")) == s("ba"))
    #expect(value("join", s(","), list(n(1), .bool(true))) == s("1,true"))
    #expect(value("join", s("-"), list(s("a")), list(s("b"), s("c"))) == s("a-b-c"))
    #expect(value("sha256", n(1)) == s("6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b"))
    #expect(value("base64encode", s("✓")) == s("4pyT"))
    // Deliberate difference: Terraform accepts `/re/` patterns; immplan rejects them clearly.
    #expect(failure("replace", s("hello"), s("/l+/"), s("L"))?.argument == 1)
  }

  @Test func base64decodeIsAsLenientAsGo() {
    #expect(value("base64decode", s("Zh==")) == s("f"))
    #expect(value("base64decode", s("Zm9=")) == s("fo"))
    #expect(value("base64decode", s("Zm==")) == s("f"))
    #expect(value("base64decode", s("Zm9v\nYmFy")) == s("foobar"))
    #expect(value("base64decode", s("Zm9v\r\nYmFy")) == s("foobar"))
    #expect(failure("base64decode", s(" Zm9v")) != nil)
    #expect(failure("base64decode", s("Zg")) != nil)
    #expect(failure("base64decode", s("//79"))?.testMessage == "the decoded bytes are not valid UTF-8")
  }

  @Test func jsonencodeMatchesTerraform() {
    #expect(
      value("jsonencode", s("\u{08}\u{0C}\u{01}\u{2028}\u{7F}<>&é"))
        == s(#""\b\f\u0001\u2028"# + "\u{7F}" + #"\u003c\u003e\u0026é""#))
    #expect(value("jsonencode", map(["b": n(2), "a": list(), "C": map([:])])) == s(#"{"C":{},"a":[],"b":2}"#))
    #expect(value("jsonencode", n("1.50")) == s("1.5"))
    #expect(value("jsonencode", n("1e3")) == s("1000"))
  }

  @Test func collectionFunctionsMatchTerraform() {
    #expect(value("length", s("👨‍👩‍👧")) == n(1))
    #expect(value("length", s("héllo")) == n(5))
    #expect(value("length", list()) == n(0))
    #expect(value("keys", map(["b": n(2), "a": n(1), "B": n(3)])) == list(s("B"), s("a"), s("b")))
    #expect(value("values", map(["a": n(1), "b": s("x")])) == list(n(1), s("x")))
    #expect(value("values", map([:])) == list())
    #expect(value("contains", list(n(1)), s("1")) == .bool(false))
    #expect(value("contains", list(s("1")), n(1)) == .bool(false))
    #expect(value("contains", .set([n(1), n(2)]), n("2.0")) == .bool(true))
    #expect(value("merge") == map([:]))
    #expect(value("merge", .null, map(["a": n(1)])) == map(["a": n(1)]))
    #expect(value("merge", map(["a": n(1)]), map(["a": .null])) == map(["a": .null]))
    #expect(value("lookup", map(["a": .null]), s("a"), s("d")) == .null)
    #expect(value("lookup", map(["a": n(1)]), s("b"), s("x")) == s("x"))
    #expect(failure("concat", list(s("a")), .set([s("b")])) != nil)
    #expect(failure("merge", map(["a": n(1)]), list(s("x"))) != nil)
  }

  @Test func coalesceUnifiesAsTerraform() {
    #expect(value("coalesce", s(""), n(2)) == s("2"))
    #expect(value("coalesce", n(1), s("x")) == s("1"))
    #expect(value("coalesce", s(""), .bool(true)) == s("true"))
    #expect(value("coalesce", .bool(true), s("x")) == s("true"))
    #expect(failure("coalesce", n(1), .bool(true))?.testMessage.contains("same type") == true)
    #expect(failure("coalesce", s("a"), list())?.testMessage.contains("same type") == true)
    #expect(
      failure("coalesce", .null, s(""))
        == .callFailed(function: "coalesce", message: "no non-null, non-empty-string arguments"))
  }

  @Test func numberConversionsMatchTerraform() {
    #expect(value("tonumber", s("+1")) == n(1))
    #expect(value("tonumber", s("1.")) == n(1))
    #expect(value("tonumber", s(".5")) == n("0.5"))
    #expect(value("tonumber", s("-.5")) == n("-0.5"))
    #expect(value("tonumber", s("+.5e1")) == n(5))
    #expect(value("tonumber", s("1E3")) == n(1000))
    #expect(value("tonumber", s("00012")) == n(12))
    #expect(value("tonumber", s("-0")) == n(0))  // Terraform prints -0; immplan has one zero
    for bad in ["1_000", "0x10", " 1", "1e", "", "1.5.", ".", "inf"] {
      #expect(failure("tonumber", s(bad)) != nil, "\(bad)")
    }
    #expect(value("max", s("10"), n(9)) == n(10))
    #expect(value("min", n(3), s("1.5"), n(2)) == n("1.5"))
    #expect(value("tostring", n("1e21")) == s("1000000000000000000000"))
  }
}
