import Foundation
import ImmplanParser
import Testing

/// Files under the repository's `specs/` directory, found from this source file's path.
enum SpecFiles {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("specs")

  /// Every regular file below `specs/<area>` (or all of `specs/`), relative paths, sorted.
  static func all(under area: String? = nil) -> [String] {
    let base = area.map { root.appendingPathComponent($0) } ?? root
    guard let enumerator = FileManager.default.enumerator(atPath: base.path) else { return [] }
    var paths: [String] = []
    while let relative = enumerator.nextObject() as? String {
      var isDirectory: ObjCBool = false
      let full = base.appendingPathComponent(relative).path
      if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
        paths.append(area.map { $0 + "/" + relative } ?? relative)
      }
    }
    return paths.sorted()
  }

  static func read(_ relative: String) -> [UInt8] {
    (try? Data(contentsOf: root.appendingPathComponent(relative))).map(Array.init) ?? []
  }

  static var isRecording: Bool { ProcessInfo.processInfo.environment["IMMPLAN_RECORD"] == "1" }

  /// Compares `actual` with the golden file, or rewrites it (and fails) in recording mode.
  static func checkGolden(_ relative: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let url = root.appendingPathComponent(relative)
    if isRecording {
      try? Data(actual.utf8).write(to: url)
      Issue.record(
        "recorded \(relative); review the diff and run again without IMMPLAN_RECORD", sourceLocation: sourceLocation)
      return
    }
    let expected = (try? Data(contentsOf: url)).map { String(decoding: $0, as: UTF8.self) }
    #expect(expected != nil, "missing golden \(relative); run with IMMPLAN_RECORD=1", sourceLocation: sourceLocation)
    if let expected { #expect(actual == expected, "\(relative)", sourceLocation: sourceLocation) }
  }
}

/// specs/fmt: each `X.hcl` has `X.formatted` (the expected output) or, when it has syntax errors,
/// `X.diagnostics` (the rendered diagnostics, no colour). `IMMPLAN_RECORD=1` rewrites them.
@Suite struct FormatSpecTests {
  static let cases = SpecFiles.all(under: "fmt").filter { $0.hasSuffix(".hcl") }

  @Test func thereAreCases() {
    #expect(Self.cases.count >= 15)
  }

  @Test(arguments: cases)
  func golden(path: String) {
    var sources = SourceManager()
    let name = String(path.split(separator: "/").last!)
    let id = sources.add(path: name, bytes: SpecFiles.read(path))
    let result = Formatter.format(sources[id])
    let stem = String(path.dropLast(".hcl".count))
    if let text = result.text {
      SpecFiles.checkGolden(stem + ".formatted", text)
    } else {
      SpecFiles.checkGolden(
        stem + ".diagnostics", DiagnosticRenderer.render(result.diagnostics, sources: sources, color: false))
    }
  }
}
