import Foundation
import TestSupport
import Testing

@testable import ImmplanParser

/// Golden cases under `specs/graph/` (format: specs/graph/README.md). Each case is a file
/// `CASE.imm.hcl` or a directory `CASE/` of `*.imm.hcl` files (plus any variable files). The
/// expected results are `CASE.graph` (``GraphDump``) for a configuration that loads and
/// `CASE.diagnostics` (code, span and message of every diagnostic) whenever there is any.
/// `IMMPLAN_RECORD=1` rewrites the goldens and fails the run so the diff gets reviewed.
@Suite struct GraphSpecTests {
  static let cases = SpecCase.discover(area: "graph", inputExtension: "imm.hcl", includingDirectories: true)

  @Test(arguments: cases)
  func graphSpec(_ spec: SpecCase) {
    let files = spec.inputFiles()
    let result = Frontend.load(Self.options(files), fileSystem: InMemoryFileSystem(files: files))
    Golden.expect(result.graph.map { GraphDump.text(of: $0) }, matches: spec.path("graph"))
    Golden.expect(
      result.diagnostics.isEmpty ? nil : diagnosticsText(result.diagnostics, sources: result.sources),
      matches: spec.path("diagnostics"))
  }

  /// `# env: NAME=VALUE`, `# var: NAME=VALUE` and `# var-file: FILE` lines at the top of the
  /// first configuration file.
  static func options(_ files: [String: String]) -> LoadOptions {
    var options = LoadOptions(directory: ".")
    guard let first = files.keys.filter({ $0.hasSuffix(".imm.hcl") }).sorted().first else { return options }
    for line in files[first]!.split(separator: "\n", omittingEmptySubsequences: false) {
      guard line.hasPrefix("#") else { break }
      let text = line.dropFirst().trimmingCharacters(in: .whitespaces)
      if text.hasPrefix("env:") {
        let assignment = text.dropFirst(4).trimmingCharacters(in: .whitespaces)
        if let equals = assignment.firstIndex(of: "=") {
          options.environment[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
        }
      } else if text.hasPrefix("var:") {
        options.variableAssignments.append(.argument(text.dropFirst(4).trimmingCharacters(in: .whitespaces)))
      } else if text.hasPrefix("var-file:") {
        options.variableAssignments.append(.file(text.dropFirst(9).trimmingCharacters(in: .whitespaces)))
      }
    }
    return options
  }

  /// The front end's codes that no spec case can produce, each with where it is tested instead.
  static let codesWithoutCases: [String: String] = [
    "E0050": "unreadable directory: a case is always a readable directory (FrontendFileErrorTests)",
    "E0051": "unreadable file: a case's files are always readable (FrontendFileErrorTests)",
    "E0320": "missing required block: declared in Messages+Schema.swift, but no schema has a required block",
  ]

  /// Every code of the front end's areas these specs cover (E005x loading, E03xx schema, E04xx
  /// references and evaluation, E05xx functions, E06xx and W06xx variables), read from where the
  /// codes are declared: every `DiagnosticCode("…")` in Sources/Parser. A new code there fails
  /// ``everyGraphDiagnosticCodeHasACase()`` until a case reports it.
  static func declaredCodes() throws -> Set<String> {
    let sources = RepositoryRoot.path() + "/Sources/Parser"
    let enumerator = try #require(FileManager.default.enumerator(atPath: sources))
    var codes = Set<String>()
    while let relative = enumerator.nextObject() as? String {
      guard relative.hasSuffix(".swift"), let data = FileManager.default.contents(atPath: "\(sources)/\(relative)")
      else { continue }
      for match in String(decoding: data, as: UTF8.self).matches(of: /DiagnosticCode\("([EW]0(?:05\d|[3-6]\d\d))"\)/) {
        codes.insert(String(match.1))
      }
    }
    return codes
  }

  @Test func everyGraphDiagnosticCodeHasACase() throws {
    var seen = Set<String>()
    for spec in Self.cases {
      guard let text = spec.text("diagnostics") else { continue }
      for match in text.matches(of: /\[([EW]0[0-6]\d\d)\]/) { seen.insert(String(match.1)) }
    }
    let declared = try Self.declaredCodes()
    // The scan finds the codes: a broken pattern or path would make this test pass vacuously.
    #expect(declared.count >= 50, "found only \(declared.sorted()) in Sources/Parser")
    let missing = declared.subtracting(seen).subtracting(Self.codesWithoutCases.keys).sorted()
    #expect(missing.isEmpty, "codes without a spec case: \(missing)")
    let stale = Set(Self.codesWithoutCases.keys).subtracting(declared.subtracting(seen)).sorted()
    #expect(stale.isEmpty, "listed as without a case, but no longer declared or now with one: \(stale)")
  }
}

/// One line per diagnostic: `severity[CODE] path:line:col-line:col: message`, then `help:`,
/// `note:` and secondary labels indented.
func diagnosticsText(_ diagnostics: [Diagnostic], sources: SourceManager) -> String {
  func location(_ range: SourceRange) -> String {
    let file = sources[range.file]
    let start = file.lines.location(of: range.start)
    let end = file.lines.location(of: range.end)
    return "\(file.path):\(start.line):\(start.column)-\(end.line):\(end.column)"
  }
  var lines: [String] = []
  for diagnostic in diagnostics.sortedForDisplay() {
    let place = diagnostic.primary.map { " " + location($0.range) } ?? ""
    lines.append("\(diagnostic.severity.rawValue)[\(diagnostic.code)]\(place): \(diagnostic.message)")
    for label in diagnostic.secondary { lines.append("  \(location(label.range)): \(label.message)") }
    for note in diagnostic.notes { lines.append("  note: \(note)") }
    if let help = diagnostic.help { lines.append("  help: \(help)") }
  }
  return lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
}
