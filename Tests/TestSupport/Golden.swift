import Foundation
import Testing

/// Golden-file comparison with a recording mode (STYLE.md "Tests and specs/"), the one used by
/// every spec suite.
///
/// With `IMMPLAN_RECORD=1` in the environment, a golden that differs from the actual output is
/// rewritten (or removed, when there should be none) and the check fails anyway, so a recording
/// run that changed anything never passes and the new goldens are reviewed in the diff. A golden
/// that already matches passes in either mode.
///
/// ```swift
/// Golden.expect(GraphDump.text(of: graph), matches: spec.path("graph"))
/// Golden.expect(nil, matches: spec.path("diagnostics"))   // there must be no such golden
/// ```
public enum Golden {
  /// Checks `actual` against the golden file at `path` (``check(_:against:)``), or, when
  /// `actual` is nil, that there is no golden at `path` (``checkAbsent(_:)``); records a test
  /// issue at the caller for any failure.
  public static func expect(
    _ actual: String?, matches path: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let failure = actual.map { check($0, against: path) } ?? checkAbsent(path)
    if let failure { Issue.record(Comment(rawValue: failure), sourceLocation: sourceLocation) }
  }

  public static var isRecording: Bool { ProcessInfo.processInfo.environment["IMMPLAN_RECORD"] == "1" }

  /// Nil when `actual` equals the golden file at `path`; otherwise a message for the test failure
  /// (a missing golden, a first differing line, or "re-recorded").
  public static func check(_ actual: String, against path: String) -> String? {
    if isRecording {
      let existing = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
      if existing == actual { return nil }
      _ = FileManager.default.createFile(atPath: path, contents: Data(actual.utf8))
      return "re-recorded \(path) (IMMPLAN_RECORD=1): review the diff and run again without it"
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      return "missing golden \(path); run with IMMPLAN_RECORD=1 to record it"
    }
    let expected = String(decoding: data, as: UTF8.self)
    if expected == actual { return nil }
    return "golden \(path) differs:\n" + firstDifference(expected: expected, actual: actual)
  }

  /// Removes a golden that should no longer exist (recording mode only); a message if one exists.
  public static func checkAbsent(_ path: String) -> String? {
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    if isRecording {
      try? FileManager.default.removeItem(atPath: path)
      return "removed \(path) (IMMPLAN_RECORD=1)"
    }
    return "unexpected golden \(path); run with IMMPLAN_RECORD=1 to remove it"
  }

  static func firstDifference(expected: String, actual: String) -> String {
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
    for index in 0..<max(expectedLines.count, actualLines.count) {
      let e = index < expectedLines.count ? String(expectedLines[index]) : "<end of file>"
      let a = index < actualLines.count ? String(actualLines[index]) : "<end of file>"
      if e != a { return "line \(index + 1):\n  expected: \(e)\n  actual:   \(a)" }
    }
    return "(identical lines, different bytes)"
  }
}
