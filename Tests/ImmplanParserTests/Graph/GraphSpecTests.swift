import Foundation
import Testing

@testable import ImmplanParser

/// Golden cases under `specs/graph/` (format: specs/graph/README.md). Each case is a file
/// `CASE.imm.hcl` or a directory `CASE/` of `*.imm.hcl` files (plus any variable files). The
/// expected results are `CASE.graph` (``GraphDump``) for a configuration that loads and
/// `CASE.diagnostics` (code, span and message of every diagnostic) whenever there is any.
/// `IMMPLAN_RECORD=1` rewrites the goldens and fails the run so the diff gets reviewed.
struct GraphSpecCase: CustomTestStringConvertible, Sendable {
  var name: String
  var testDescription: String { name }

  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("specs/graph")

  static var all: [GraphSpecCase] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    var names = Set<String>()
    for entry in entries {
      if entry.hasSuffix(".imm.hcl") {
        names.insert(String(entry.dropLast(".imm.hcl".count)))
      } else {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(
          atPath: directory.appendingPathComponent(entry).path, isDirectory: &isDirectory),
          isDirectory.boolValue
        {
          names.insert(entry)
        }
      }
    }
    return names.sorted().map { GraphSpecCase(name: $0) }
  }

  /// The case's files by name, read from disk.
  func files() -> [String: String] {
    let single = Self.directory.appendingPathComponent(name + ".imm.hcl")
    if let text = try? String(contentsOf: single, encoding: .utf8) { return [name + ".imm.hcl": text] }
    let folder = Self.directory.appendingPathComponent(name)
    var files: [String: String] = [:]
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
      files[entry] = try? String(contentsOf: folder.appendingPathComponent(entry), encoding: .utf8)
    }
    return files
  }

  /// `# env: NAME=VALUE`, `# var: NAME=VALUE` and `# var-file: FILE` lines at the top of the
  /// first configuration file.
  func options(_ files: [String: String]) -> LoadOptions {
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

@Suite struct GraphSpecTests {
  @Test(arguments: GraphSpecCase.all)
  func graphSpec(_ specCase: GraphSpecCase) throws {
    let files = specCase.files()
    let result = Frontend.load(specCase.options(files), fileSystem: InMemoryFileSystem(files: files))
    let record = ProcessInfo.processInfo.environment["IMMPLAN_RECORD"] == "1"
    let expectations: [(String, String?)] = [
      ("graph", result.graph.map { GraphDump.text(of: $0) }),
      ("diagnostics", result.diagnostics.isEmpty ? nil : diagnosticsText(result.diagnostics, sources: result.sources)),
    ]
    for (suffix, actual) in expectations {
      let url = GraphSpecCase.directory.appendingPathComponent("\(specCase.name).\(suffix)")
      let expected = try? String(contentsOf: url, encoding: .utf8)
      if record {
        if let actual {
          try actual.write(to: url, atomically: true, encoding: .utf8)
        } else if expected != nil {
          try FileManager.default.removeItem(at: url)
        }
        continue
      }
      #expect(actual == expected, "\(specCase.name).\(suffix) differs (IMMPLAN_RECORD=1 rewrites it)")
    }
    if record {
      Issue.record("recorded goldens for \(specCase.name); review the diff and run again without IMMPLAN_RECORD")
    }
  }

  @Test func everyGraphDiagnosticCodeHasACase() throws {
    var seen = Set<String>()
    for specCase in GraphSpecCase.all {
      let url = GraphSpecCase.directory.appendingPathComponent("\(specCase.name).diagnostics")
      guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
      for match in text.matches(of: /\[([EW]0[0-6]\d\d)\]/) { seen.insert(String(match.1)) }
    }
    let declared = [
      "E0301", "E0302", "E0303", "E0304", "E0305", "E0306", "E0307", "E0308", "E0309", "E0310", "E0311", "E0312",
      "E0313", "E0314", "E0315", "E0316", "E0317", "E0318", "E0319",
      "E0401", "E0402", "E0403", "E0404", "E0405", "E0406", "E0407", "E0408", "E0409", "E0410", "E0411", "E0412",
      "E0413", "E0415", "E0416", "E0417", "E0418", "E0419",
      "E0601", "E0602", "E0603", "E0604", "E0605", "E0606", "E0607", "E0608", "E0609", "E0610", "E0611", "W0601",
      "E0052", "E0501", "E0502", "E0503", "E0504", "E0505", "E0506",
    ]
    let missing = declared.filter { !seen.contains($0) }
    #expect(missing.isEmpty, "codes without a spec case: \(missing)")
  }
}
