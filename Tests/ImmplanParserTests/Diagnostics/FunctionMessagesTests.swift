import Testing

@testable import ImmplanParser

/// `Diagnostic.functionCallFailed` picks the code and the smallest useful span for each error.
@Suite struct FunctionMessagesTests {
  private let file = FileID(1)
  private var name: SourceRange { SourceRange(file: file, start: 0, end: 5) }
  private var call: SourceRange { SourceRange(file: file, start: 0, end: 20) }
  private var arguments: [SourceRange] {
    [SourceRange(file: file, start: 6, end: 9), SourceRange(file: file, start: 11, end: 19)]
  }

  private func render(_ error: FunctionError) -> Diagnostic {
    .functionCallFailed(error, nameRange: name, argumentRanges: arguments, callRange: call)
  }

  @Test func unknownFunctionPointsAtTheNameWithASuggestion() {
    let diagnostic = render(.unknownFunction(name: "uper", suggestion: "upper"))
    #expect(diagnostic.code == DiagnosticCode("E0501"))
    #expect(diagnostic.message == "unknown function `uper`")
    #expect(diagnostic.primary?.range == name)
    #expect(diagnostic.help == "did you mean `upper`?")
    #expect(render(.unknownFunction(name: "zzz", suggestion: nil)).help == nil)
  }

  @Test func wrongArgumentCountPointsAtTheCall() {
    let diagnostic = render(.wrongArgumentCount(function: "upper", expected: "1 argument", given: 2))
    #expect(diagnostic.code == DiagnosticCode("E0502"))
    #expect(diagnostic.message == "`upper` takes 1 argument but 2 were given")
    #expect(diagnostic.primary?.range == call)
  }

  @Test func argumentErrorsPointAtTheArgument() {
    let diagnostic = render(.invalidArgument(function: "max", argument: 1, message: "a number is required, got list"))
    #expect(diagnostic.code == DiagnosticCode("E0503"))
    #expect(diagnostic.message == "invalid argument 2 to `max`")
    #expect(diagnostic.primary == DiagnosticLabel(arguments[1], "a number is required, got list"))
  }

  @Test func otherCodes() {
    #expect(
      render(.unreadableFile(function: "file", argument: 0, path: "a.txt", reason: "no such file or directory")).code
        == DiagnosticCode("E0504"))
    #expect(render(.invalidExpansion(function: "min", argument: 1, message: "m")).primary?.range == arguments[1])
    #expect(render(.invalidExpansion(function: "min", argument: 1, message: "m")).code == DiagnosticCode("E0505"))
    #expect(render(.callFailed(function: "coalesce", message: "m")).code == DiagnosticCode("E0506"))
    #expect(render(.callFailed(function: "coalesce", message: "m")).primary?.range == call)
  }

  @Test func outOfRangeArgumentIndexFallsBackToTheCall() {
    #expect(render(.invalidArgument(function: "f", argument: 7, message: "m")).primary?.range == call)
  }

  @Test func endToEndThroughTheLibrary() {
    guard case .failure(let error) = FunctionLibrary().call("lenght", [.string("x")]) else {
      Issue.record("expected failure")
      return
    }
    #expect(render(error).help == "did you mean `length`?")
  }
}
