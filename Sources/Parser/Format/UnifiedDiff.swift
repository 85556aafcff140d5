/// A unified diff of two texts, line by line (`fmt -diff`), like `diff -u` with 3 lines of context.
///
/// Myers' O(ND) algorithm; past ``maximumEditDistance`` differing lines it stops searching and
/// reports the whole file as replaced, so a pathological input cannot take quadratic time.
public enum UnifiedDiff {
  /// Differing lines beyond which the diff shows the whole file replaced.
  public static let maximumEditDistance = 1000

  /// An empty string when the texts are equal; otherwise `--- old` / `+++ new` headers and hunks.
  public static func diff(old: String, new: String, oldName: String, newName: String, context: Int = 3) -> String {
    if old == new { return "" }
    let a = lines(old)
    let b = lines(new)
    let script = editScript(a, b)
    var output = "--- \(oldName)\n+++ \(newName)\n"
    for hunk in hunks(script, context: context) {
      output += hunkText(hunk, a: a, b: b)
    }
    return output
  }

  // MARK: - Lines

  private struct Line: Hashable {
    var text: Substring
    var hasNewline: Bool
  }

  private static func lines(_ text: String) -> [Line] {
    var result: [Line] = []
    var start = text.startIndex
    while start < text.endIndex {
      if let newline = text[start...].firstIndex(of: "\n") {
        result.append(Line(text: text[start..<newline], hasNewline: true))
        start = text.index(after: newline)
      } else {
        result.append(Line(text: text[start...], hasNewline: false))
        break
      }
    }
    return result
  }

  // MARK: - Edit script

  private enum Edit: Equatable {
    case keep(Int, Int)
    case delete(Int)
    case insert(Int)
  }

  /// Myers' greedy algorithm with a saved trace for backtracking.
  private static func editScript(_ a: [Line], _ b: [Line]) -> [Edit] {
    let n = a.count
    let m = b.count
    let limit = min(n + m, maximumEditDistance)
    let offset = limit + 1
    var v = [Int](repeating: 0, count: 2 * limit + 3)
    // trace[d] holds v[-d...d] as it was before step d (memory O(D²), bounded by the limit).
    var trace: [[Int]] = []
    var found = false
    search: for d in 0...limit {
      trace.append(Array(v[(offset - d)...(offset + d)]))
      var k = -d
      while k <= d {
        var x: Int
        if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
          x = v[offset + k + 1]
        } else {
          x = v[offset + k - 1] + 1
        }
        var y = x - k
        while x < n, y < m, a[x] == b[y] {
          x += 1
          y += 1
        }
        v[offset + k] = x
        if x >= n, y >= m {
          found = true
          break search
        }
        k += 2
      }
    }
    guard found else {
      return (0..<n).map { Edit.delete($0) } + (0..<m).map { Edit.insert($0) }
    }
    // Backtrack.
    var edits: [Edit] = []
    var x = n
    var y = m
    for d in stride(from: trace.count - 1, through: 0, by: -1) {
      let saved = trace[d]
      // Before step d, only diagonals -(d-1)...(d-1) were set; saved index of diagonal k is k + d.
      func v(_ k: Int) -> Int { saved[k + d] }
      let k = x - y
      let previousK: Int
      if k == -d || (k != d && v(k - 1) < v(k + 1)) {
        previousK = k + 1
      } else {
        previousK = k - 1
      }
      let previousX = d == 0 ? 0 : v(previousK)
      let previousY = previousX - previousK
      while x > previousX, y > previousY {
        x -= 1
        y -= 1
        edits.append(.keep(x, y))
      }
      if d > 0 {
        if x == previousX {
          y -= 1
          edits.append(.insert(y))
        } else {
          x -= 1
          edits.append(.delete(x))
        }
      }
    }
    while x > 0, y > 0 {
      x -= 1
      y -= 1
      edits.append(.keep(x, y))
    }
    return edits.reversed()
  }

  // MARK: - Hunks

  /// Ranges of the edit script to print: every change with up to `context` kept lines around it.
  private static func hunks(_ script: [Edit], context: Int) -> [ArraySlice<Edit>] {
    var result: [ArraySlice<Edit>] = []
    var index = 0
    while index < script.count {
      guard let change = script[index...].firstIndex(where: { if case .keep = $0 { false } else { true } }) else {
        break
      }
      let start = max(index, change - context)
      var end = change
      var keptRun = 0
      var cursor = change
      while cursor < script.count {
        if case .keep = script[cursor] {
          keptRun += 1
          if keptRun > 2 * context { break }
        } else {
          keptRun = 0
          end = cursor
        }
        cursor += 1
      }
      let stop = min(script.count, end + 1 + context)
      result.append(script[start..<stop])
      index = stop
    }
    return result
  }

  private static func hunkText(_ hunk: ArraySlice<Edit>, a: [Line], b: [Line]) -> String {
    var oldStart: Int?
    var newStart: Int?
    var oldCount = 0
    var newCount = 0
    var body = ""
    func append(_ prefix: String, _ line: Line) {
      body += prefix + line.text + "\n"
      if !line.hasNewline { body += "\\ No newline at end of file\n" }
    }
    for edit in hunk {
      switch edit {
      case .keep(let x, let y):
        if oldStart == nil { oldStart = x }
        if newStart == nil { newStart = y }
        oldCount += 1
        newCount += 1
        append(" ", a[x])
      case .delete(let x):
        if oldStart == nil { oldStart = x }
        oldCount += 1
        append("-", a[x])
      case .insert(let y):
        if newStart == nil { newStart = y }
        newCount += 1
        append("+", b[y])
      }
    }
    // An empty side starts at the line before the hunk (`diff -u` convention: `-0,0`).
    let oldHeader = oldCount == 0 ? "\(position(before: hunk, in: a, old: true)),0" : "\(oldStart! + 1),\(oldCount)"
    let newHeader = newCount == 0 ? "\(position(before: hunk, in: b, old: false)),0" : "\(newStart! + 1),\(newCount)"
    return "@@ -\(oldHeader) +\(newHeader) @@\n" + body
  }

  /// The 1-based number of the last line before the hunk on one side (0 at the start).
  private static func position(before hunk: ArraySlice<Edit>, in lines: [Line], old: Bool) -> Int {
    for edit in hunk {
      switch edit {
      case .keep(let x, let y): return old ? x : y
      case .delete(let x) where old: return x
      case .insert(let y) where !old: return y
      default: continue
      }
    }
    return 0
  }
}
