import TestSupport

@testable import ImmplanParser

/// Loads one in-memory configuration file `main.imm.hcl` (plus extras) from directory `.`.
func load(
  _ text: String, extraFiles: [String: String] = [:], environment: [String: String] = [:],
  assignments: [VariableAssignment] = []
) -> LoadResult {
  var files = extraFiles
  files["main.imm.hcl"] = text
  return Frontend.load(
    LoadOptions(directory: ".", environment: environment, variableAssignments: assignments),
    fileSystem: InMemoryFileSystem(files: files))
}

extension LoadResult {
  var codes: [String] { diagnostics.sortedForDisplay().map(\.code.rawValue) }

  /// `CODE line:column` of each diagnostic's primary span, sorted.
  var locations: [String] {
    diagnostics.sortedForDisplay().map { diagnostic in
      guard let range = diagnostic.primary?.range else { return diagnostic.code.rawValue }
      let file = sources[range.file]
      let start = file.lines.location(of: range.start)
      return "\(diagnostic.code.rawValue) \(start.line):\(start.column)"
    }
  }

  /// The text under each diagnostic's primary span.
  var spans: [String] {
    diagnostics.sortedForDisplay().compactMap { diagnostic in
      diagnostic.primary.map { sources[$0.range.file].text($0.range) }
    }
  }
}
