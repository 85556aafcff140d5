import ImmplanSupport
import Testing

private let plan = CommandSpec(
  name: "plan", abstract: "Show what apply would do.",
  flags: [
    .value("out", "FILE", help: "Write the plan to FILE."),
    .repeatable("var", "NAME=VALUE", help: "Set a variable."),
    .repeatable("var-file", "FILE", help: "Read variables from FILE."),
    .bool("destroy", help: "Plan to destroy everything."),
    .bool("json", help: "Print JSON."),
    .value("format", "FORMAT", help: "Output format.", allowedValues: ["dot", "mermaid"]),
    .value("parallelism", "N", help: "Operations at once."),
  ],
  positionals: [.optional("DIR")])

private let fmt = CommandSpec(
  name: "fmt", abstract: "Format files.", flags: [.bool("check", help: "Check only.")],
  positionals: [.repeated("PATH")])

private let stateShow = CommandSpec(
  name: "state show", abstract: "Show one resource.", positionals: [.required("ADDR"), .optional("DIR")])

private func parsed(_ spec: CommandSpec, _ arguments: [String]) -> ParsedArguments? {
  if case .success(.arguments(let parsed)) = spec.parse(arguments) { return parsed }
  return nil
}

private func failure(_ spec: CommandSpec, _ arguments: [String]) -> ArgumentError? {
  if case .failure(let error) = spec.parse(arguments) { return error }
  return nil
}

@Suite struct ArgumentsParserTests {
  @Test(arguments: [
    ["-out", "p.json"], ["-out=p.json"], ["--out", "p.json"], ["--out=p.json"],
  ])
  func valueFlagForms(arguments: [String]) {
    #expect(parsed(plan, arguments)?.value("out") == "p.json")
  }

  @Test func flagsBeforeAndAfterPositional() {
    let a = parsed(plan, ["-json", "dir", "-out", "x"])
    let b = parsed(plan, ["dir", "-json", "-out=x"])
    #expect(a == b)
    #expect(a?.positionals == ["dir"])
    #expect(a?.flag("json") == true)
    #expect(a?.flag("destroy") == false)
  }

  @Test(arguments: [
    ("-json", true), ("-json=true", true), ("-json=false", false), ("--json=0", false), ("-json=T", true),
    ("-json=FALSE", false),
  ])
  func boolForms(argument: String, expected: Bool) {
    #expect(parsed(plan, [argument])?.flag("json") == expected)
    #expect(parsed(plan, [argument])?.isPresent("json") == true)
  }

  @Test func boolNeverConsumesNextArgument() {
    let result = parsed(plan, ["-json", "false"])
    #expect(result?.flag("json") == true)
    #expect(result?.positionals == ["false"])
  }

  @Test func lastBoolWins() {
    #expect(parsed(plan, ["-json", "-json=false"])?.flag("json") == false)
  }

  @Test func repeatableFlagsKeepInterleavedOrder() {
    let result = parsed(
      plan, ["-var", "a=1", "-var-file=x.vars", "dir", "--var=b=2", "-var-file", "y.vars", "-var", "a=3"])
    #expect(result?.values("var") == ["a=1", "b=2", "a=3"])
    #expect(result?.values("var-file") == ["x.vars", "y.vars"])
    let interleaved = result?.occurrences(of: ["var", "var-file"]).map { "\($0.name):\($0.value)" }
    #expect(interleaved == ["var:a=1", "var-file:x.vars", "var:b=2", "var-file:y.vars", "var:a=3"])
    #expect(result?.positionals == ["dir"])
  }

  @Test func valueMayStartWithDashOrBeEmpty() {
    #expect(parsed(plan, ["-parallelism", "-1"])?.value("parallelism") == "-1")
    #expect(parsed(plan, ["-out", "-"])?.value("out") == "-")
    #expect(parsed(plan, ["-out="])?.value("out") == "")
    #expect(parsed(plan, ["-var", "x=a=b"])?.values("var") == ["x=a=b"])
  }

  @Test func doubleDashEndsFlags() {
    let result = parsed(fmt, ["-check", "--", "-weird.hcl", "--"])
    #expect(result?.positionals == ["-weird.hcl", "--"])
    #expect(result?.flag("check") == true)
  }

  @Test func loneDashIsPositional() {
    #expect(parsed(fmt, ["-"])?.positionals == ["-"])
    #expect(parsed(fmt, ["a", "-", "-check", "b"])?.positionals == ["a", "-", "b"])
  }

  @Test(arguments: [["-h"], ["-help"], ["--help"], ["dir", "-h"], ["-h", "-bogus"]])
  func helpOnEveryCommand(arguments: [String]) {
    #expect(plan.parse(arguments) == .success(.helpRequested))
  }

  @Test func helpAfterDoubleDashIsPositional() {
    #expect(parsed(fmt, ["--", "-h"])?.positionals == ["-h"])
  }

  @Test func unknownFlagSuggestsClosest() {
    #expect(failure(plan, ["-outt", "x"]) == .unknownFlag("-outt", suggestion: "out"))
    #expect(failure(plan, ["--destory"]) == .unknownFlag("--destory", suggestion: "destroy"))
    #expect(failure(plan, ["-zzzzzz"]) == .unknownFlag("-zzzzzz", suggestion: nil))
    #expect(ArgumentError.unknownFlag("-outt", suggestion: "out").help == "did you mean `-out`?")
    #expect(ArgumentError.unknownFlag("-outt", suggestion: "out").message == "unknown flag `-outt`")
  }

  @Test func missingValue() {
    #expect(failure(plan, ["dir", "-out"]) == .missingValue(flag: "out"))
    #expect(failure(plan, ["--var"]) == .missingValue(flag: "var"))
  }

  @Test func invalidBool() {
    #expect(failure(plan, ["-json=yes"]) == .invalidBool(flag: "json", value: "yes"))
    #expect(failure(plan, ["-json="]) == .invalidBool(flag: "json", value: ""))
  }

  @Test func allowedValues() {
    #expect(parsed(plan, ["-format", "mermaid"])?.value("format") == "mermaid")
    #expect(
      failure(plan, ["-format=dto"])
        == .invalidValue(flag: "format", value: "dto", allowed: ["dot", "mermaid"], suggestion: "dot"))
    let error = failure(plan, ["-format=svg"])
    #expect(error?.help == "expected one of `dot`, `mermaid`")
  }

  @Test func valueFlagTwiceIsAnError() {
    #expect(failure(plan, ["-out", "a", "-out=b"]) == .repeatedFlag(flag: "out"))
  }

  @Test(arguments: ["---out", "-=x", "--=x", "---"])
  func malformedFlags(argument: String) {
    #expect(failure(plan, [argument]) == .malformedFlag(argument))
  }

  @Test func positionalCounts() {
    #expect(failure(plan, ["a", "b"]) == .unexpectedArgument("b"))
    #expect(failure(stateShow, []) == .missingArgument(name: "ADDR"))
    #expect(parsed(stateShow, ["image.web"])?.positional(0) == "image.web")
    #expect(parsed(stateShow, ["image.web"])?.positional(1) == nil)
    #expect(parsed(stateShow, ["image.web", "dir"])?.positionals == ["image.web", "dir"])
    #expect(failure(stateShow, ["a", "b", "c"]) == .unexpectedArgument("c"))
    #expect(parsed(fmt, ["a", "b", "c"])?.positionals == ["a", "b", "c"])
    #expect(parsed(fmt, [])?.positionals == [])
  }

  @Test func emptyArgumentIsPositional() {
    #expect(parsed(plan, [""])?.positionals == [""])
  }

  @Test func everyErrorHasAMessage() {
    let errors: [ArgumentError] = [
      .unknownFlag("-x", suggestion: nil), .missingValue(flag: "out"), .invalidBool(flag: "json", value: "y"),
      .invalidValue(flag: "format", value: "x", allowed: ["dot"], suggestion: nil), .repeatedFlag(flag: "out"),
      .malformedFlag("---"), .unexpectedArgument("b"), .missingArgument(name: "ADDR"),
    ]
    for error in errors {
      #expect(!error.message.isEmpty)
      #expect(error.message.first?.isLowercase == true)
      #expect(!error.message.hasSuffix("."))
    }
  }
}

@Suite struct ArgumentsRobustnessTests {
  /// Any command line parses to a result or an error, never a trap, and a success always obeys
  /// the spec (positional count, known flags only).
  @Test func randomCommandLines() {
    let pieces = [
      "-", "--", "---", "-=", "=", "", "-out", "--out=", "-out=x", "-json", "-json=maybe", "-json=false", "-var",
      "a=b", "dir", "-format", "dot", "svg", "-h", "-outt", "é", "-é",
    ]
    var state: UInt64 = 12345
    func next() -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: state >> 33)
    }
    for _ in 0..<2000 {
      let arguments = (0..<(next() % 6)).map { _ in pieces[next() % pieces.count] }
      if case .success(.arguments(let parsed)) = plan.parse(arguments) {
        #expect(parsed.positionals.count <= 1)
        #expect(parsed.occurrences.allSatisfy { plan.flag(named: $0.name) != nil })
      }
    }
  }
}
