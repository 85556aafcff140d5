import TestSupport
import Testing

@testable import ImmplanParser

/// The one-pass formatter against its simple reference path (`ReferenceFormatter`), over every
/// file in specs/ (valid or not), whitespace perturbations of them and random token soups.
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
}
