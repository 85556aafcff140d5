import ImmplanParser
import Testing

/// Splits `text` at the markers 1️⃣…9️⃣ and returns the bytes without them plus each marker's offset.
func markedSource(_ text: String) -> (bytes: [UInt8], offsets: [Int: Int]) {
  let markers: [Character: Int] = ["1️⃣": 1, "2️⃣": 2, "3️⃣": 3, "4️⃣": 4, "5️⃣": 5, "6️⃣": 6, "7️⃣": 7, "8️⃣": 8, "9️⃣": 9]
  var bytes: [UInt8] = []
  var offsets: [Int: Int] = [:]
  for character in text {
    if let marker = markers[character] {
      offsets[marker] = bytes.count
    } else {
      bytes.append(contentsOf: Array(String(character).utf8))
    }
  }
  return (bytes, offsets)
}

/// One file `path` holding `text` (with markers) in a fresh ``SourceManager``.
func singleFile(_ text: String, path: String = "web.imm.hcl") -> (SourceManager, FileID, [Int: Int]) {
  var sources = SourceManager()
  let (bytes, offsets) = markedSource(text)
  let id = sources.add(path: path, bytes: bytes)
  return (sources, id, offsets)
}

@Suite struct RenderDiagnosticsTests {
  @Test func matchesTheBriefMockUp() {
    var lines = Array(repeating: "# filler", count: 13)
    lines.append("  1️⃣instance_typ2️⃣ = \"t3.small\"")
    let (sources, file, at) = singleFile(lines.joined(separator: "\n") + "\n")
    let diagnostic = Diagnostic.error(
      DiagnosticCode("E0204"), "unknown attribute `instance_typ` in `launch_template`",
      at: SourceRange(file: file, start: at[1]!, end: at[2]!), label: "not an attribute of `launch_template`",
      help: "did you mean `instance_type`?")
    let expected = """
      error[E0204]: unknown attribute `instance_typ` in `launch_template`
        --> web.imm.hcl:14:3
         |
      14 |   instance_typ = "t3.small"
         |   ^^^^^^^^^^^^ not an attribute of `launch_template`
         |
         = help: did you mean `instance_type`?


      """
    #expect(DiagnosticRenderer.render([diagnostic], sources: sources, color: false) == expected)
  }

  @Test func keepsTabsAndCountsScalars() {
    let (sources, file, at) = singleFile("\tname = \"héllo\" + 1️⃣x2️⃣\n")
    let diagnostic = Diagnostic.error(
      DiagnosticCode("E0401"), "bad", at: SourceRange(file: file, start: at[1]!, end: at[2]!), label: "here")
    let expected = """
      error[E0401]: bad
       --> web.imm.hcl:1:19
        |
      1 | \tname = "héllo" + x
        | \t                 ^ here


      """
    #expect(DiagnosticRenderer.render([diagnostic], sources: sources, color: false) == expected)
  }

  @Test func emptySpanGetsOneCaretAtEndOfLine() {
    let (sources, file, at) = singleFile("a = 1️⃣\nb = 2\n")
    let diagnostic = Diagnostic.error(
      DiagnosticCode("E0201"), "expected an expression", at: .point(file, at[1]!), label: "expected here")
    let rendered = DiagnosticRenderer.render([diagnostic], sources: sources, color: false)
    #expect(rendered.contains("1 | a = \n  |     ^ expected here\n"))
    #expect(rendered.contains("--> web.imm.hcl:1:5"))
  }

  @Test func multilineSpanUnderlinesToLineEndAndNamesTheEnd() {
    let (sources, file, at) = singleFile("x = 1️⃣[\n  1,\n  2,\n]2️⃣\n")
    let diagnostic = Diagnostic.error(
      DiagnosticCode("E0402"), "wrong type", at: SourceRange(file: file, start: at[1]!, end: at[2]!),
      label: "a tuple")
    let rendered = DiagnosticRenderer.render([diagnostic], sources: sources, color: false)
    #expect(rendered.contains("1 | x = [\n  |     ^ a tuple (until 4:2)\n"))
  }

  @Test func secondaryLabelsUseDashesAndElideGaps() {
    let (sources, file, at) = singleFile(
      "image 1️⃣\"web\"2️⃣ {}\n# a\n# b\n# c\n# d\n# e\n# f\n# g\n# h\nimage 3️⃣\"web\"4️⃣ {}\n")
    let diagnostic = Diagnostic(
      .error, DiagnosticCode("E0305"), "duplicate `image` named `web`",
      primary: DiagnosticLabel(SourceRange(file: file, start: at[3]!, end: at[4]!), "declared again here"),
      secondary: [DiagnosticLabel(SourceRange(file: file, start: at[1]!, end: at[2]!), "first declared here")],
      notes: ["names are unique per block type"])
    let expected = """
      error[E0305]: duplicate `image` named `web`
        --> web.imm.hcl:10:7
         |
      1  | image "web" {}
         |       ----- first declared here
      ...
      10 | image "web" {}
         |       ^^^^^ declared again here
         |
         = note: names are unique per block type


      """
    #expect(DiagnosticRenderer.render([diagnostic], sources: sources, color: false) == expected)
  }

  @Test func twoLabelsOnOneLineShareTheSourceLine() {
    let (sources, file, at) = singleFile("x = 1️⃣a2️⃣ + 3️⃣b4️⃣\n")
    let diagnostic = Diagnostic(
      .error, DiagnosticCode("E0403"), "mismatch",
      primary: DiagnosticLabel(SourceRange(file: file, start: at[3]!, end: at[4]!), "string"),
      secondary: [DiagnosticLabel(SourceRange(file: file, start: at[1]!, end: at[2]!), "number")])
    let rendered = DiagnosticRenderer.render([diagnostic], sources: sources, color: false)
    #expect(rendered.contains("1 | x = a + b\n  |     - number\n  |         ^ string\n"))
  }

  @Test func secondaryInAnotherFileGetsItsOwnHeader() {
    var sources = SourceManager()
    let a = sources.add(path: "a.imm.hcl", bytes: Array("x = 1\n".utf8))
    let b = sources.add(path: "b.imm.hcl", bytes: Array("x = 2\n".utf8))
    let diagnostic = Diagnostic(
      .error, DiagnosticCode("E0306"), "duplicate",
      primary: DiagnosticLabel(SourceRange(file: b, start: 0, end: 1), "again"),
      secondary: [DiagnosticLabel(SourceRange(file: a, start: 0, end: 1), "first")])
    let expected = """
      error[E0306]: duplicate
       --> b.imm.hcl:1:1
        |
      1 | x = 2
        | ^ again
       ::: a.imm.hcl:1:1
        |
      1 | x = 1
        | - first


      """
    #expect(DiagnosticRenderer.render([diagnostic], sources: sources, color: false) == expected)
  }

  @Test func withoutSourceOnlyHeaderAndHelp() {
    let diagnostic = Diagnostic.error(
      DiagnosticCode("E0701"), "unknown flag `-outt`", at: nil, help: "did you mean `-out`?")
    let rendered = DiagnosticRenderer.render([diagnostic], sources: SourceManager(), color: false)
    #expect(rendered == "error[E0701]: unknown flag `-outt`\n  = help: did you mean `-out`?\n\n")
  }

  @Test func sortsByFileOffsetAndCode() {
    let (sources, file, _) = singleFile("abc\ndef\n")
    let later = Diagnostic.error(DiagnosticCode("E0001"), "later", at: SourceRange(file: file, start: 4, end: 5))
    let earlierB = Diagnostic.error(DiagnosticCode("E0300"), "b", at: SourceRange(file: file, start: 0, end: 1))
    let earlierA = Diagnostic.warning(DiagnosticCode("W0200"), "a", at: SourceRange(file: file, start: 0, end: 1))
    let rendered = DiagnosticRenderer.render([later, earlierA, earlierB], sources: sources, color: false)
    let headers = rendered.split(separator: "\n").filter { $0.hasPrefix("error") || $0.hasPrefix("warning") }
    #expect(headers == ["error[E0300]: b", "warning[W0200]: a", "error[E0001]: later"])
  }

  @Test func controlCharactersAreNeutralised() {
    let (sources, file, _) = singleFile("a = \"\u{1B}[31m\"\r\n")
    let diagnostic = Diagnostic.error(DiagnosticCode("E0101"), "bad", at: SourceRange(file: file, start: 0, end: 1))
    let rendered = DiagnosticRenderer.render([diagnostic], sources: sources, color: false)
    #expect(!rendered.contains("\u{1B}"))
    #expect(rendered.contains("1 | a = \"\u{FFFD}[31m\"\n"))
  }

  @Test func colourOnlyWhenAsked() {
    let (sources, file, _) = singleFile("a = 1\n")
    let diagnostic = Diagnostic.error(DiagnosticCode("E0401"), "bad", at: SourceRange(file: file, start: 0, end: 1))
    #expect(!DiagnosticRenderer.render([diagnostic], sources: sources, color: false).contains("\u{1B}["))
    let coloured = DiagnosticRenderer.render([diagnostic], sources: sources, color: true)
    #expect(coloured.contains("\u{1B}[1;31merror[E0401]\u{1B}[0m"))
  }

  @Test func summaryCountsErrorsAndWarnings() {
    let error = Diagnostic.error(DiagnosticCode("E0001"), "e", at: nil)
    let warning = Diagnostic.warning(DiagnosticCode("W0001"), "w", at: nil)
    #expect(DiagnosticRenderer.summary(of: []) == nil)
    #expect(DiagnosticRenderer.summary(of: [error]) == "1 error")
    #expect(DiagnosticRenderer.summary(of: [error, error, warning]) == "2 errors, 1 warning")
    #expect(DiagnosticRenderer.summary(of: [warning, warning]) == "2 warnings")
  }

  @Test func spanAtEndOfFileWithoutNewline() {
    let (sources, file, at) = singleFile("a = 1️⃣")
    let diagnostic = Diagnostic.error(DiagnosticCode("E0201"), "eof", at: .point(file, at[1]!))
    let rendered = DiagnosticRenderer.render([diagnostic], sources: sources, color: false)
    #expect(rendered.contains("1 | a = \n  |     ^\n"))
  }

  @Test func warningAndNoteHeadersAndColours() {
    let (sources, file, _) = singleFile("a = 1\n")
    let warning = Diagnostic.warning(DiagnosticCode("W0301"), "unused", at: SourceRange(file: file, start: 0, end: 1))
    let note = Diagnostic(.note, DiagnosticCode("N0001"), "fyi")
    let plain = DiagnosticRenderer.render([warning, note], sources: sources, color: false)
    #expect(plain.hasPrefix("note[N0001]: fyi\n\nwarning[W0301]: unused\n"))
    let coloured = DiagnosticRenderer.render([warning], sources: sources, color: true)
    #expect(coloured.hasPrefix("\u{1B}[1;33mwarning[W0301]\u{1B}[0m"))
    #expect(coloured.contains("\u{1B}[1;33m^\u{1B}[0m"))
  }

  @Test func labelWithoutTextHasNoTrailingSpace() {
    let (sources, file, _) = singleFile("abc\n")
    let diagnostic = Diagnostic.error(DiagnosticCode("E0001"), "x", at: SourceRange(file: file, start: 1, end: 3))
    let rendered = DiagnosticRenderer.render([diagnostic], sources: sources, color: false)
    #expect(rendered.contains("  |  ^^\n"))
  }

  @Test func unknownFileIsRenderedWithoutSnippet() {
    let diagnostic = Diagnostic.error(
      DiagnosticCode("E0001"), "x", at: SourceRange(file: FileID(7), start: 0, end: 1), help: "fix")
    #expect(
      DiagnosticRenderer.render([diagnostic], sources: SourceManager(), color: false)
        == "error[E0001]: x\n  = help: fix\n\n")
  }

  @Test func wideLineNumbersPadTheGutter() {
    let text = String(repeating: "\n", count: 999) + "x = 1\n"
    let (sources, file, _) = singleFile(text)
    let diagnostic = Diagnostic.error(DiagnosticCode("E0001"), "x", at: SourceRange(file: file, start: 999, end: 1000))
    let rendered = DiagnosticRenderer.render([diagnostic], sources: sources, color: false)
    #expect(rendered == "error[E0001]: x\n    --> web.imm.hcl:1000:1\n     |\n1000 | x = 1\n     | ^\n\n")
  }
}

@Suite struct RenderRobustnessTests {
  /// Any span (even past the end of its file, even in a file that is not there) renders without
  /// trapping, in both renderers.
  @Test func randomSpansNeverTrap() {
    var generator = SplitMix64(seed: 7)
    let texts = ["", "a", "a = 1\n", "\t\u{FEFF}é\r\n\r\nb\n", "x\n\n\n\ny", String(repeating: "ab\n", count: 50)]
    var sources = SourceManager()
    for (index, text) in texts.enumerated() { sources.add(path: "f\(index).hcl", bytes: Array(text.utf8) + [0xFF]) }
    var diagnostics: [Diagnostic] = []
    for _ in 0..<500 {
      func range() -> SourceRange {
        let file = FileID(UInt32(generator.next() % UInt64(texts.count + 1)))
        let start = Int(generator.next() % 200)
        return SourceRange(file: file, start: start, end: start + Int(generator.next() % 200))
      }
      diagnostics.append(
        Diagnostic(
          .error, DiagnosticCode("E0001"), "m", primary: DiagnosticLabel(range(), "p"),
          secondary: [DiagnosticLabel(range(), "s"), DiagnosticLabel(range())], notes: ["n"], help: "h"))
    }
    #expect(!DiagnosticRenderer.render(diagnostics, sources: sources, color: true).isEmpty)
    #expect(!DiagnosticRenderer.renderJSON(diagnostics, sources: sources).isEmpty)
  }
}
