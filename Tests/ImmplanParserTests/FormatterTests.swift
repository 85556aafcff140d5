import Testing

@testable import ImmplanParser

private func format(_ text: String) -> String? {
  var sources = SourceManager()
  let id = sources.add(path: "test.hcl", bytes: Array(text.utf8))
  return Formatter.format(sources[id]).text
}

@Suite struct FormatterTests {
  @Test(arguments: [
    ("a=1\n", "a = 1\n"),
    ("a = 1", "a = 1\n"),
    ("\u{FEFF}a = 1\n", "a = 1\n"),
    ("a = 1   \n", "a = 1\n"),
    ("a = 1 #   note   \n", "a = 1 #   note\n"),
    ("a = [ 1 ]\n", "a = [1]\n"),
    ("a = ( 1 )\n", "a = (1)\n"),
    ("a = f( )\n", "a = f()\n"),
    ("a = {a=1}\n", "a = { a = 1 }\n"),
    ("a = x [ 0 ]\n", "a = x[0]\n"),
    ("a = \"s\" [0]\n", "a = \"s\"[0]\n"),
    ("a = x . y\n", "a = x.y\n"),
    ("a = - x\n", "a = -x\n"),
    ("a = x -1\n", "a = x - 1\n"),
    ("a = x-1\n", "a = x-1\n"),
    ("a = [- 1, -2]\n", "a = [-1, -2]\n"),
    ("a = x * - 1\n", "a = x * -1\n"),
    ("a = ! x\n", "a = !x\n"),
    ("a = [for x in [1] : x]\n", "a = [for x in [1] : x]\n"),
    ("a = x.*.y\n", "a = x.*.y\n"),
    ("a = x.0\n", "a = x.0\n"),
    ("a = 1.5e3\n", "a = 1.5e3\n"),
    ("b { }\n", "b {}\n"),
  ])
  func singleLines(input: String, expected: String) {
    #expect(format(input) == expected)
  }

  @Test func emptyAndBlankFilesStayEmpty() {
    #expect(format("") == "")
    #expect(format("\n\n  \n") == "")
  }

  @Test func crlfBecomesLFOutsideHeredocs() {
    #expect(format("a = 1\r\nb = 2\r\n") == "a = 1\nb = 2\n")
  }

  @Test func refusesSyntaxErrors() {
    var sources = SourceManager()
    let id = sources.add(path: "bad.hcl", bytes: Array("a = \n".utf8))
    let result = Formatter.format(sources[id])
    #expect(result.formatted == nil)
    #expect(result.diagnostics.hasErrors)
    #expect(!result.changes(sources[id]))
  }

  @Test func commentsAlignInRuns() {
    let input = "a = 1 # x\nlonger = 2 # y\n\nc = 3 # z\n"
    #expect(format(input) == "a      = 1 # x\nlonger = 2 # y\n\nc = 3 # z\n")
  }

  @Test func oneBlankLineAfterMultiLineTopLevelBlocks() {
    #expect(format("a {\nx = 1\n}\nb {\n}\nc = 1\n") == "a {\n  x = 1\n}\n\nb {\n}\n\nc = 1\n")
    // Not after an attribute whose value spans lines, nor after one-line blocks.
    #expect(format("a = {\nx = 1\n}\nb = 2\n") == "a = {\n  x = 1\n}\nb = 2\n")
    #expect(format("a {}\nb {}\n") == "a {}\nb {}\n")
  }

  @Test func deepNestingWithinTheParserLimitFormats() {
    let depth = 200
    let input = "a = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
    #expect(format(input) == input)
  }

  @Test func deepNestingBeyondTheLimitIsRefusedNotCrashed() {
    let depth = 10_000
    let input = "a = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
    #expect(format(input) == nil)
  }

  /// The layout never traps, whatever the token stream (it is reached only for valid files, but
  /// must be total anyway).
  @Test func layoutIsTotalOnGarbage() {
    var generator = SplitMix64(seed: 42)
    let alphabet = Array("{}[]()\"'$%~<-=.,:?!*#/\\\n\r\t aEOT1".utf8)
    for _ in 0..<300 {
      let length = Int(generator.next() % 80)
      var bytes: [UInt8] = []
      for _ in 0..<length {
        bytes.append(
          generator.next() % 7 == 0
            ? UInt8(generator.next() % 256) : alphabet[Int(generator.next() % UInt64(alphabet.count))])
      }
      var sources = SourceManager()
      let id = sources.add(path: "fuzz.hcl", bytes: bytes)
      let source = sources[id]
      _ = Formatter.layout(source.bytes, tokens: Lexer.scanWithErrorFlag(source.bytes).tokens)
      _ = Formatter.format(source)
    }
  }
}

/// A small deterministic generator for fuzz-style tests.
struct SplitMix64 {
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
