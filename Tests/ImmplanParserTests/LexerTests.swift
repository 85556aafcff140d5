import ImmplanParser
import TestSupport
import Testing

@Suite struct LexerTests {
  func kinds(_ text: String) -> [TokenKind] {
    Lexer.tokenize(SourceFile(id: FileID(0), path: "t.hcl", bytes: Array(text.utf8))).map(\.kind)
  }

  func texts(_ text: String) -> [String] {
    let source = SourceFile(id: FileID(0), path: "t.hcl", bytes: Array(text.utf8))
    return Lexer.tokenize(source).map { source.text($0.range) }
  }

  @Test func operatorsAndPunctuation() {
    #expect(
      kinds("== != <= >= && || ... => = < > ! ? : . , * / % + - ( ) [ ]") == [
        .equalOperator, .notEqual, .lessThanOrEqual, .greaterThanOrEqual, .and, .or, .ellipsis, .fatArrow, .equal,
        .lessThan, .greaterThan, .bang, .question, .colon, .dot, .comma, .star, .slash, .percent, .plus, .minus,
        .openParenthesis, .closeParenthesis, .openBracket, .closeBracket, .endOfFile,
      ])
  }

  @Test func identifiersAllowDashesAndUnicode() {
    #expect(texts("a-b _x größe π2 a--") == ["a-b", "_x", "größe", "π2", "a--", ""])
    #expect(kinds("-a") == [.minus, .identifier, .endOfFile])
  }

  @Test func numbersFollowHCL() {
    #expect(texts("1 1.5 1e10 1.5E-3 1.e5 007") == ["1", "1.5", "1e10", "1.5E-3", "1.e5", "007", ""])
    // No `1.` (the dot is its own token), no `.5`, and runs such as `1.2.3` are one token the parser rejects.
    #expect(texts("1.") == ["1", ".", ""])
    #expect(kinds(".5") == [.dot, .number, .endOfFile])
    #expect(texts("1.2.3 1e") == ["1.2.3", "1", "e", ""])
    #expect(texts("0x10") == ["0", "x10", ""])
  }

  @Test func commentsAndNewlines() {
    #expect(
      kinds("# a\n// b\r\n/* c\n */ x") == [.comment, .newline, .comment, .newline, .comment, .identifier, .endOfFile])
    #expect(texts("a # c\n") == ["a", "# c", "\n", ""])
    // An unclosed `/*` is a slash and a star, as in hclsyntax.
    #expect(kinds("/* x") == [.slash, .star, .identifier, .endOfFile])
  }

  @Test func byteOrderMarkIsSkipped() {
    let source = SourceFile(id: FileID(0), path: "t.hcl", bytes: [0xEF, 0xBB, 0xBF] + Array("a".utf8))
    let tokens = Lexer.tokenize(source)
    #expect(tokens.map(\.kind) == [.identifier, .endOfFile])
    #expect(tokens[0].range.start == 3)
  }

  @Test func quotedTemplates() {
    #expect(
      kinds(#""a${b}c""#) == [
        .openQuote, .quotedLiteral, .templateInterpolation, .identifier, .templateSequenceEnd, .quotedLiteral,
        .closeQuote, .endOfFile,
      ])
    #expect(
      texts(#""x\"y$${z}%%{w}$ 100%""#) == ["\"", "x\\\"y", "$${", "z}", "%%{", "w}", "$", " 100", "%", "\"", ""])
    #expect(
      kinds(#""${~ a ~}""#) == [
        .openQuote, .templateInterpolation, .identifier, .templateSequenceEnd, .closeQuote, .endOfFile,
      ])
    #expect(texts(#""${~ a ~}""#)[1] == "${~")
  }

  @Test func bracesInsideInterpolationsAreCounted() {
    #expect(
      kinds(#""${ {a = 1} }x""#) == [
        .openQuote, .templateInterpolation, .openBrace, .identifier, .equal, .number, .closeBrace,
        .templateSequenceEnd, .quotedLiteral, .closeQuote, .endOfFile,
      ])
  }

  @Test func nestedTemplates() {
    #expect(
      kinds(#""${"${x}"}""#) == [
        .openQuote, .templateInterpolation, .openQuote, .templateInterpolation, .identifier, .templateSequenceEnd,
        .closeQuote, .templateSequenceEnd, .closeQuote, .endOfFile,
      ])
  }

  @Test func heredocs() {
    #expect(
      kinds("<<EOT\nhello ${x}\n  EOT\n") == [
        .openHeredoc, .stringLiteral, .templateInterpolation, .identifier, .templateSequenceEnd, .stringLiteral,
        .closeHeredoc, .newline, .endOfFile,
      ])
    #expect(texts("<<-EOT\r\n  a\r\n  EOT\r\n") == ["<<-EOT\r\n", "  a\r\n", "  EOT", "\r\n", ""])
    // Without a newline after it, the closing marker does not close the heredoc.
    #expect(kinds("<<EOT\nEOT").last == .endOfFile)
    #expect(!kinds("<<EOT\nEOT").contains(.closeHeredoc))
    // `<<` not followed by an identifier and a newline is two less-than signs.
    #expect(kinds("<< EOT\n") == [.lessThan, .lessThan, .identifier, .newline, .endOfFile])
  }

  @Test func mistakesAreTokens() {
    #expect(
      kinds("; ' ` & | ^ ~ @ “") == [
        .semicolon, .apostrophe, .backtick, .bitwiseAnd, .bitwiseOr, .bitwiseXor, .bitwiseNot, .invalid, .curlyQuote,
        .endOfFile,
      ])
    let bad = SourceFile(id: FileID(0), path: "t.hcl", bytes: [0x61, 0xFF, 0x62])
    #expect(Lexer.tokenize(bad).map(\.kind) == [.identifier, .badUTF8, .identifier, .endOfFile])
    #expect(kinds("\"a\nb\"") == [.openQuote, .quotedLiteral, .quotedNewline, .quotedLiteral, .closeQuote, .endOfFile])
  }

  @Test func tabsAreWhiteSpace() {
    #expect(kinds("a\t=\t1") == [.identifier, .equal, .number, .endOfFile])
  }

  @Test func everyByteSequenceLexesWithoutTrapping() {
    var generator = SplitMix(seed: 42)
    for _ in 0..<300 {
      let bytes = (0..<Int(generator.next() % 200)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
      let tokens = Lexer.tokenize(SourceFile(id: FileID(0), path: "r", bytes: bytes))
      #expect(tokens.last?.kind == .endOfFile)
      #expect(tokens.allSatisfy { $0.range.end <= bytes.count })
    }
  }
}

/// A small deterministic generator for fuzz-style tests.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
