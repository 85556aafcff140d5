import Testing

@testable import ImmplanParser

@Suite struct FunctionLibraryTests: FunctionTestCase {
  @Test func namesCoverTheBrief() {
    let required = [
      "file", "filesha256", "sha256", "base64encode", "base64decode", "jsonencode", "join", "split", "format", "upper",
      "lower", "replace", "trimspace", "concat", "merge", "length", "lookup", "keys", "values", "contains", "min",
      "max",
      "tostring", "tonumber", "coalesce",
    ]
    for name in required { #expect(FunctionLibrary.isKnown(name), "\(name)") }
    #expect(FunctionLibrary.names == FunctionLibrary.names.sorted())
  }

  @Test func unknownFunctionSuggestsTheClosestName() {
    #expect(failure("uper", s("a")) == .unknownFunction(name: "uper", suggestion: "upper"))
    #expect(failure("jsonencod", s("a")) == .unknownFunction(name: "jsonencod", suggestion: "jsonencode"))
    #expect(failure("frobnicate") == .unknownFunction(name: "frobnicate", suggestion: nil))
  }

  @Test func wrongArgumentCounts() {
    #expect(failure("upper") == .wrongArgumentCount(function: "upper", expected: "1 argument", given: 0))
    #expect(
      failure("upper", s("a"), s("b")) == .wrongArgumentCount(function: "upper", expected: "1 argument", given: 2))
    #expect(
      failure("lookup", map([:])) == .wrongArgumentCount(function: "lookup", expected: "2 or 3 arguments", given: 1))
    #expect(
      failure("join", s(",")) == .wrongArgumentCount(function: "join", expected: "at least 2 arguments", given: 1))
    #expect(failure("replace", s("a")) == .wrongArgumentCount(function: "replace", expected: "3 arguments", given: 1))
    #expect(failure("min") == .wrongArgumentCount(function: "min", expected: "at least 1 argument", given: 0))
  }

  @Test func arityIsCheckedEvenWhenArgumentsAreUnknown() {
    #expect(
      failure("upper", .unknown, .unknown) == .wrongArgumentCount(function: "upper", expected: "1 argument", given: 2))
  }

  @Test func unknownArgumentsGiveUnknownResults() {
    #expect(value("upper", .unknown) == .unknown)
    #expect(value("join", s(","), list(s("a"), .unknown)) == .unknown)
    #expect(value("jsonencode", map(["a": .unknown])) == .unknown)
    #expect(value("format", s("%s"), .unknown) == .unknown)
    #expect(value("sha256", .sensitive(.unknown)) == .unknown)
  }

  @Test func sensitiveArgumentsGiveSensitiveResults() {
    #expect(value("upper", secret) == .sensitive(s("HUNTER2")))
    #expect(value("join", s("-"), list(s("a"), secret)) == .sensitive(s("a-hunter2")))
    #expect(value("jsonencode", map(["password": secret])) == .sensitive(s(#"{"password":"hunter2"}"#)))
    #expect(value("sha256", secret)?.isSensitive == true)
    #expect(value("merge", map(["a": secret]), map(["b": s("x")]))?.isSensitive == true)
  }

  @Test func sensitiveValuesAreNotQuotedInErrors() {
    let error = failure("tonumber", .sensitive(s("not-a-number")))
    #expect(error != nil)
    #expect(!(error?.testMessage.contains("not-a-number") ?? true))
    let missing = failure("lookup", map(["a": s("x")]), .sensitive(s("secret-key")))
    #expect(!(missing?.testMessage.contains("secret-key") ?? true))
    let decode = failure("base64decode", .sensitive(s("!!!")))
    #expect(!(decode?.testMessage.contains("!!!") ?? true))
  }

  @Test func expandingTheFinalArgument() {
    #expect(value("join", s(","), list(list(s("a"), s("b")), list(s("c"))), expanding: true) == s("a,b,c"))
    #expect(value("min", list(n(3), n(1), n(2)), expanding: true) == n(1))
    #expect(value("max", n(9), list(n(3), n(1)), expanding: true) == n(9))
    #expect(value("concat", list(), expanding: true) == nil)
    #expect(value("min", .unknown, expanding: true) == .unknown)
    #expect(value("min", .sensitive(list(n(3), n(4))), expanding: true) == .sensitive(n(3)))
    #expect(
      failure("min", s("x"), expanding: true)
        == .invalidExpansion(
          function: "min", argument: 0, message: "the expanded argument must be a list, set or tuple, not string"))
    #expect(failure("min", .null, expanding: true)?.argument == 0)
  }

  @Test func errorsInExpandedElementsPointAtTheExpandedArgument() {
    // min(1, [2, "a"]...): the bad element "a" came from the expanded argument, written second.
    let error = failure("min", n(1), list(n(2), s("a")), expanding: true)
    #expect(error?.argument == 1)
  }
}

@Suite struct NullArgumentTests: FunctionTestCase {
  @Test func nullWhereAValueIsNeeded() {
    for name in ["upper", "lower", "trimspace", "sha256", "base64encode", "base64decode", "file", "filesha256"] {
      #expect(failure(name, .null)?.testMessage == "argument must not be null", "\(name)")
    }
    #expect(failure("min", n(1), .null)?.testMessage == "argument must not be null")
    #expect(failure("split", .null, s("a"))?.argument == 0)
    #expect(failure("replace", s("a"), s("a"), .null)?.argument == 2)
    #expect(failure("format", .null) != nil)
  }

  @Test func functionsThatAcceptNull() {
    #expect(value("jsonencode", .null) == s("null"))
    #expect(value("tostring", .null) == .null)
    #expect(value("tonumber", .null) == .null)
    #expect(value("merge", .null) == map([:]))
    #expect(value("coalesce", .null, s("x")) == s("x"))
    #expect(value("contains", list(s("a"), .null), .null) == .bool(true))
    #expect(value("format", s("%v"), .null) == s("null"))
  }
}
