import ImmplanSupport
import TestSupport
import Testing

@testable import ImmplanParser

/// The one-pass formatter against its simple reference path (`ReferenceFormatter`), and its
/// syntax check against the parser, over every file in specs/ (valid or not), whitespace
/// perturbations of them and random token soups.
@Suite struct FormatReferenceTests {
  @Test(arguments: FormatPropertyTests.files)
  func layoutMatchesTheReference(path: String) {
    var sources = SourceManager()
    let id = sources.add(path: path, bytes: SpecFiles.read(path))
    let source = sources[id]
    let expected = ReferenceFormatter.format(source)
    #expect(Self.layout(source) == expected)
    var generator = SplitMix64(seed: UInt64(truncatingIfNeeded: path.utf8.count))
    for _ in 0..<3 {
      let perturbed = sources.add(path: path, bytes: FormatWhitespaceTests.perturb(source, using: &generator))
      #expect(Self.layout(sources[perturbed]) == ReferenceFormatter.format(sources[perturbed]))
    }
  }

  /// The check refuses exactly what the parser reports on, and a clean file is laid out.
  @Test(arguments: FormatPropertyTests.files)
  func checkAgreesWithTheParser(path: String) {
    var sources = SourceManager()
    let id = sources.add(path: path, bytes: SpecFiles.read(path))
    let source = sources[id]
    let isClean = Parser.parse(source).diagnostics.isEmpty
    if let formatted = Formatter.formatIfClean(source, parallelism: .serial) {
      #expect(isClean, "the check missed a diagnostic")
      #expect(formatted == ReferenceFormatter.format(source))
    } else {
      #expect(!isClean, "the check reported a clean file")
    }
  }

  /// A file done in two halves gives what it gives whole, at every line where it can be cut: the
  /// blank line at the cut, alignment runs across it. (The halves may refuse a clean file, which
  /// is then done whole, but never format one with errors.)
  @Test(arguments: FormatPropertyTests.files)
  func halvesMatchTheWholeFile(path: String) {
    var sources = SourceManager()
    let id = sources.add(path: path, bytes: SpecFiles.read(path))
    let source = sources[id]
    let whole = Formatter.formatIfClean(source, parallelism: .serial)
    let bytes = source.bytes
    for cut in 1..<max(1, bytes.count) where bytes[cut - 1] == 0x0A && Self.isLetter(bytes[cut]) {
      if let halves = Formatter.formatHalves(source, cut: cut, parallelism: .serial) {
        #expect(halves == whole, "cut at \(cut)")
      }
    }
  }

  /// Cuts made by hand before the last line that starts with a letter: the blank line at the cut
  /// (kept, dropped, added after a block), an alignment run across the cut.
  @Test(arguments: [
    "b {}\n\nc {}\n",
    "# note\n\n\nc {}\n",
    "block {\n  x = 1\n}\nafter = 2\n",
    "block {\n  x = 1\n}\n\n\n\nafter {\n}\n",
    "one = {\n  x = 1\n}\nafter = 2\n",
    "a = 1\n\nb = 2\n",
    "a = 1\nb = 22\n",
    "a = 1 # x\nbb {}  # y\n",
  ])
  func halvesJoin(text: String) throws {
    let halves = try #require(Self.formatHalvesAtLastLine(text))
    var sources = SourceManager()
    let id = sources.add(path: "cut.hcl", bytes: Array(text.utf8))
    #expect(halves == Formatter.formatIfClean(sources[id], parallelism: .serial))
  }

  /// An attribute set in both halves is reported (by the whole file's check).
  @Test func duplicateAttributeAcrossTheCut() {
    #expect(Self.formatHalvesAtLastLine("a = 1\nb = 2\na = 3\n") == nil)
  }

  static func formatHalvesAtLastLine(_ text: String) -> [UInt8]? {
    var sources = SourceManager()
    let bytes = Array(text.utf8)
    let id = sources.add(path: "cut.hcl", bytes: bytes)
    let cut = bytes.indices.last { $0 > 0 && bytes[$0 - 1] == 0x0A && isLetter(bytes[$0]) }!
    return Formatter.formatHalves(sources[id], cut: cut, parallelism: Parallel(width: 2))
  }

  /// A file large enough to be cut (over 1 MB) gives the same bytes on two threads as on one, and
  /// as the reference; blocks with aligned attributes and comments, blank lines of every kind.
  @Test func largeFileAtEveryWidth() throws {
    var text = ""
    for index in 0..<12_000 {
      text += index % 3 == 0 ? "\n\n" : ""
      text += "block \"b\(index)\" {\n  a = \(index) # one\n  bbbb= \"x\"  # two\n\n"
      text += "    # a long comment, cheap to lay out, to pass the size where a file is cut\n}\n"
      text += index % 5 == 0 ? "# between\nother_\(index) {}\n" : ""
    }
    var sources = SourceManager()
    let id = sources.add(path: "large.hcl", bytes: Array(text.utf8))
    let source = sources[id]
    #expect(source.bytes.count > Parser.minimumBytesToSplit)
    let serial = try #require(Formatter.format(source, parallelism: .serial).formatted)
    #expect(Formatter.format(source, parallelism: Parallel(width: 2)).formatted == serial)
    #expect(serial == ReferenceFormatter.format(source))
  }

  /// Any token stream, however broken, lays out as the reference lays it out.
  @Test func garbageMatchesTheReference() {
    var generator = SplitMix64(seed: 7)
    let alphabet = Array("{}[]()\"'$%~<-=.,:?!*#/\\\n\r\t aEOT1".utf8)
    for _ in 0..<2000 {
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
      #expect(Self.layout(source) == ReferenceFormatter.format(source), "\(bytes)")
    }
  }

  static func layout(_ source: SourceFile) -> [UInt8] {
    Formatter.layout(source.bytes, tokens: Lexer.scanWithErrorFlag(source.bytes).tokens)
  }

  static func isLetter(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
  }
}
