import ImmplanParser
import TestSupport
import Testing

@Suite struct ParserTests {
  func parse(_ text: String) -> (ParseResult, SourceFile) {
    let source = SourceFile(id: FileID(0), path: "t.hcl", bytes: Array(text.utf8))
    return (Parser.parse(source), source)
  }

  func dump(_ text: String) -> String {
    let (result, source) = parse(text)
    return SyntaxDump.render(result.file, source: source)
  }

  func codes(_ text: String) -> [String] {
    parse(text).0.diagnostics.sortedForDisplay().map(\.code.rawValue)
  }

  func onlyExpression(_ text: String) -> Expression? {
    guard case .attribute(let attribute) = parse("a = \(text)\n").0.file.body.items.first else { return nil }
    return attribute.expression
  }

  // MARK: - Structure

  @Test func attributesAndBlocks() {
    let (result, _) = parse("a = 1\nimage \"web\" x {\n  b = true\n}\n")
    #expect(result.diagnostics.isEmpty)
    #expect(result.file.body.items.count == 2)
    guard case .block(let block) = result.file.body.items[1] else {
      Issue.record("expected a block")
      return
    }
    #expect(block.type == "image")
    #expect(block.labels.map(\.value) == ["web", "x"])
    #expect(block.labels.map(\.isQuoted) == [true, false])
    #expect(block.body.items.count == 1)
  }

  @Test func precedenceMatchesHCL() {
    #expect(
      dump("a = 1 || 2 && 3 == 4 < 5 + 6 * -7\n") == """
        body @0..34
          attribute a @0..33
            binary || @4..33
              number 1 @4..5
              binary && @9..33
                number 2 @9..10
                binary == @14..33
                  number 3 @14..15
                  binary < @19..33
                    number 4 @19..20
                    binary + @23..33
                      number 5 @23..24
                      binary * @27..33
                        number 6 @27..28
                        unary - @31..33
                          number 7 @32..33

        """)
  }

  @Test func operatorsAreLeftAssociative() {
    guard case .binary(.subtract, let left, _) = onlyExpression("1 - 2 - 3")?.kind else {
      Issue.record("expected subtraction")
      return
    }
    guard case .binary(.subtract, _, _) = left.kind else {
      Issue.record("expected (1 - 2) - 3")
      return
    }
  }

  @Test func singleInterpolationStaysATemplate() {
    guard case .template(let template) = onlyExpression("\"${x}\"")?.kind else {
      Issue.record("expected a template")
      return
    }
    #expect(template.parts.count == 1)
    guard case .interpolation(let inner, _) = template.parts[0], case .variable("x") = inner.kind else {
      Issue.record("expected one interpolation of x")
      return
    }
  }

  @Test func stripMarkersAndHeredocIndentationAreApplied() {
    guard case .template(let template) = onlyExpression("\"a  ${~ x ~}  b\"")?.kind else {
      Issue.record("expected a template")
      return
    }
    guard case .literal("a", _) = template.parts[0], case .literal("b", _) = template.parts[2] else {
      Issue.record("strip markers not applied: \(template.parts)")
      return
    }
    let heredoc = parse("a = <<-EOT\n    one\n      two\n    EOT\n").0
    guard case .attribute(let attribute) = heredoc.file.body.items.first,
      case .template(let text) = attribute.expression.kind
    else {
      Issue.record("expected a heredoc")
      return
    }
    #expect(text.literalText == "one\n  two\n")
    #expect(text.isHeredoc)
  }

  @Test func escapesAreDecoded() {
    guard case .template(let template) = onlyExpression(#""\n\t\"\\\u00e9\U0001F600$${x}%%{y}""#)?.kind else {
      Issue.record("expected a template")
      return
    }
    #expect(template.literalText == "\n\t\"\\é😀${x}%{y}")
  }

  @Test func splatsAndLegacyIndexes() {
    guard case .splat(_, let each, isFull: true) = onlyExpression("b[*].c")?.kind,
      case .getAttribute(let element, "c", _) = each.kind, case .splatElement = element.kind
    else {
      Issue.record("expected b[*].c")
      return
    }
    guard case .index(_, let key, isLegacy: true) = onlyExpression("b.0")?.kind, case .number("0") = key.kind else {
      Issue.record("expected a legacy index")
      return
    }
  }

  @Test func forExpressions() {
    guard case .forExpression(let expression) = onlyExpression("{for k, v in m : v => k... if k != \"\"}")?.kind else {
      Issue.record("expected a for expression")
      return
    }
    #expect(expression.keyVariable == "k")
    #expect(expression.valueVariable == "v")
    #expect(expression.isObject)
    #expect(expression.isGrouped)
    #expect(expression.condition != nil)
  }

  @Test func callsWithExpansion() {
    guard case .call(let name, _, let arguments, let expandsFinal) = onlyExpression("f(\n  1,\n  x...\n)")?.kind else {
      Issue.record("expected a call")
      return
    }
    #expect(name == "f")
    #expect(arguments.count == 2)
    #expect(expandsFinal)
  }

  // MARK: - Diagnostics

  @Test func diagnosticsHaveExactRanges() {
    let marked = MarkedSource("a = 1\n1️⃣a2️⃣ = 2\nb = 3️⃣)4️⃣\n")
    let source = SourceFile(id: FileID(0), path: "t.hcl", bytes: marked.bytes)
    let diagnostics = Parser.parse(source).diagnostics.sortedForDisplay()
    #expect(diagnostics.map(\.code.rawValue) == ["E0202", "E0208"])
    #expect(diagnostics[0].primary?.range == SourceRange(file: FileID(0), start: marked["1️⃣"], end: marked["2️⃣"]))
    #expect(diagnostics[0].secondary.count == 1)
    #expect(diagnostics[1].primary?.range == SourceRange(file: FileID(0), start: marked["3️⃣"], end: marked["4️⃣"]))
  }

  @Test func recoveryReportsEveryBadLineOnce() {
    #expect(codes("a = )\nb = ]\nc = 1\nd = 1 2\n") == ["E0208", "E0208", "E0203"])
  }

  @Test func errorTokensAreReportedOncePerKind() {
    #expect(codes("a = 1;\nb = 2;\n").filter { $0 == "E0103" }.count == 1)
    #expect(codes("a = “x”\n").contains("E0107"))
  }

  @Test func namespacedCallsAreRejected() {
    #expect(parse("a = ns::f(1)\n").0.diagnostics.hasErrors)
  }

  @Test func oneLineBlockRules() {
    #expect(codes("a { b = 1 }\n").isEmpty)
    #expect(codes("a { b = 1, c = 2 }\n") == ["E0205"])
    #expect(codes("a { b {} }\n") == ["E0205"])
    #expect(codes("a { b = 1\n}\n") == ["E0205"])
  }

  // MARK: - Robustness

  static let deepCount = 10_000

  /// A deeply nested expression; described by its label so test output stays short.
  struct DeepInput: Sendable, CustomTestStringConvertible {
    let label: String
    let text: String
    var testDescription: String { label }
    init(_ label: String, _ text: String) {
      self.label = label
      self.text = text
    }
  }

  static let deepInputs: [DeepInput] = [
    DeepInput("10,000 [", String(repeating: "[", count: deepCount)),
    DeepInput("10,000 (", String(repeating: "(", count: deepCount)),
    DeepInput("10,000 {", String(repeating: "{", count: deepCount)),
    DeepInput("10,000 !", String(repeating: "!", count: deepCount) + "x"),
    DeepInput("10,000 -", String(repeating: "-", count: deepCount) + "1"),
    DeepInput("10,000 \"${", String(repeating: "\"${", count: deepCount)),
    DeepInput("10,000 [ ]", String(repeating: "[", count: deepCount) + String(repeating: "]", count: deepCount)),
    DeepInput("10,000 [*]", "a" + String(repeating: "[*]", count: deepCount)),
    DeepInput("10,000 .attr", "a" + String(repeating: ".b", count: deepCount)),
    DeepInput("10,000 .*.attr", "a.*" + String(repeating: ".b", count: deepCount)),
    DeepInput("10,000 ?:", String(repeating: "1 ? 1 : ", count: deepCount) + "1"),
    DeepInput("10,000 +", String(repeating: "x + ", count: deepCount) + "1"),
    DeepInput(
      "10,000 %{if} closed",
      "\"" + String(repeating: "%{if x}", count: deepCount) + String(repeating: "%{endif}", count: deepCount) + "\""),
  ]

  @Test(arguments: deepInputs)
  func deepNestingIsAnErrorNotACrash(_ input: DeepInput) {
    let (result, source) = parse("a = \(input.text)\n")
    #expect(result.diagnostics.contains { $0.code.rawValue == "E0220" })
    _ = SyntaxDump.render(result.file, source: source)
  }

  @Test func deepBlocksAreAnErrorNotACrash() {
    let text = String(repeating: "b {\n", count: Self.deepCount) + String(repeating: "}\n", count: Self.deepCount)
    #expect(parse(text).0.diagnostics.contains { $0.code.rawValue == "E0220" })
  }

  @Test func nestingUpToTheLimitIsFine() {
    let depth = Parser.maximumNestingDepth - 1
    let text = "a = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
    #expect(parse(text).0.diagnostics.isEmpty)
  }

  @Test func randomBytesNeverTrap() {
    var generator = SplitMix(seed: 7)
    let alphabet = Array("ab1 =\n{}[]()\"$%~<-EOT.*,:?!#/\\'".utf8) + [0xFF, 0xC3, 0xE2]
    for round in 0..<400 {
      let length = Int(generator.next() % 120)
      let bytes: [UInt8] = (0..<length).map { _ in
        round % 2 == 0
          ? UInt8(truncatingIfNeeded: generator.next())
          : alphabet[Int(generator.next() % UInt64(alphabet.count))]
      }
      let source = SourceFile(id: FileID(0), path: "r", bytes: bytes)
      let result = Parser.parse(source)
      _ = SyntaxDump.render(result.file, source: source)
    }
  }

  @Test func everyTruncationOfAValidFileParses() {
    let text = Array(
      """
      image "web" {
        source = "ami-${var.x ~}"
        tags = { for k, v in var.tags : k => "${v}%{ if v != "" }!%{ endif }" }
        data = <<-EOT
          a ${b[*].c}
          EOT
        list = [f(1, x...), a.0, -b.*.c]
        one { x = 1 }
      }
      """.utf8)
    for end in 0...text.count {
      let result = Parser.parse(SourceFile(id: FileID(0), path: "t", bytes: Array(text[0..<end])))
      if end == text.count { #expect(!result.diagnostics.hasErrors) }
    }
  }
}
