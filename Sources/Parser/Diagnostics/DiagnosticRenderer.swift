/// Turns ``Diagnostic`` values into text: the one place diagnostics are ever rendered.
///
/// The human layout is rustc's:
///
/// ```
/// error[E0204]: unknown attribute `instance_typ` in `launch_template`
///   --> web.imm.hcl:14:3
///    |
/// 14 |   instance_typ = "t3.small"
///    |   ^^^^^^^^^^^^ not an attribute of `launch_template`
///    |
///    = help: did you mean `instance_type`?
/// ```
///
/// Decisions (documented here so the spec goldens and the CLI agree):
/// - Diagnostics are printed in ``Swift/Array/sortedForDisplay()`` order, each followed by one blank line.
/// - The source line is shown exactly as written: tabs are kept, and the caret line copies the tabs
///   of the prefix so carets stay aligned in a terminal. Other control characters (and a stray
///   `\r`) are shown as `�` so a hostile file cannot drive the terminal.
/// - Columns count Unicode scalars (as ``LineTable/location(of:)`` does). The primary span is
///   underlined with `^`, secondary spans with `-`; an empty span gets one caret.
/// - A span over several lines is underlined from its start to the end of its first line, and the
///   label says where it ends: `^^^ label (until 7:4)`.
/// - Secondary labels in another file get their own `::: file:line:col` header, as in rustc.
/// - Non-consecutive shown lines are separated by a `...` gutter line.
/// - No summary line: the CLI prints one (``summary(of:)``) because only it knows the command.
/// - Colour (ANSI) only when `color` is true; the caller decides (TTY, `NO_COLOR`, `-no-color`).
public enum DiagnosticRenderer {
  /// Renders every diagnostic in display order. Pure: same input, same bytes.
  public static func render(_ diagnostics: [Diagnostic], sources: SourceManager, color: Bool) -> String {
    var output = ""
    for diagnostic in diagnostics.sortedForDisplay() {
      output += render(diagnostic, sources: sources, color: color)
      output += "\n"
    }
    return output
  }

  /// `2 errors, 1 warning` (counts only the kinds present); nil when there are no errors or warnings.
  public static func summary(of diagnostics: [Diagnostic]) -> String? {
    let errors = diagnostics.filter { $0.severity == .error }.count
    let warnings = diagnostics.filter { $0.severity == .warning }.count
    var parts: [String] = []
    if errors > 0 { parts.append(errors == 1 ? "1 error" : "\(errors) errors") }
    if warnings > 0 { parts.append(warnings == 1 ? "1 warning" : "\(warnings) warnings") }
    return parts.isEmpty ? nil : parts.joined(separator: ", ")
  }

  // MARK: - One diagnostic

  private struct Marker {
    var label: DiagnosticLabel
    var isPrimary: Bool
  }

  private static func render(_ diagnostic: Diagnostic, sources: SourceManager, color: Bool) -> String {
    let style = Style(enabled: color, severity: diagnostic.severity)
    var output = style.severity(diagnostic.severity.rawValue + "[\(diagnostic.code.rawValue)]")
    output += style.bold(": " + elided(diagnostic.message)) + "\n"

    // Group markers by file: the primary's file first, then others in file order.
    var markers: [Marker] = []
    if let primary = diagnostic.primary, file(primary.range.file, in: sources) != nil {
      markers.append(Marker(label: primary, isPrimary: true))
    }
    for label in diagnostic.secondary where file(label.range.file, in: sources) != nil {
      markers.append(Marker(label: label, isPrimary: false))
    }
    var fileOrder: [FileID] = []
    for marker in markers where !fileOrder.contains(marker.label.range.file) {
      fileOrder.append(marker.label.range.file)
    }
    if let first = fileOrder.first { fileOrder = [first] + fileOrder.dropFirst().sorted() }

    // Gutter width: the widest line number shown anywhere in this diagnostic.
    var widest = 1
    for marker in markers {
      if let source = file(marker.label.range.file, in: sources) {
        widest = max(widest, String(source.lines.line(of: marker.label.range.start)).count)
      }
    }
    let pad = String(repeating: " ", count: widest)

    for (index, fileID) in fileOrder.enumerated() {
      guard let source = file(fileID, in: sources) else { continue }
      let inFile = markers.filter { $0.label.range.file == fileID }
      let anchor = inFile[0].label.range.start
      let location = source.lines.location(of: anchor)
      let arrow = index == 0 ? "-->" : ":::"
      output += pad + style.gutter(arrow) + " \(source.path):\(location.line):\(location.column)\n"
      output += pad + " " + style.gutter("|") + "\n"
      output += snippet(inFile, source: source, pad: pad, style: style)
    }

    if !diagnostic.notes.isEmpty || diagnostic.help != nil {
      if !markers.isEmpty { output += pad + " " + style.gutter("|") + "\n" }
      for note in diagnostic.notes {
        output += pad + " " + style.gutter("=") + " " + style.bold("note") + ": " + elided(note) + "\n"
      }
      if let help = diagnostic.help {
        output += pad + " " + style.gutter("=") + " " + style.bold("help") + ": " + elided(help) + "\n"
      }
    }
    return output
  }

  /// The source lines of one file with their marker lines, in line order.
  private static func snippet(_ markers: [Marker], source: SourceFile, pad: String, style: Style) -> String {
    let lineOf = { (marker: Marker) in source.lines.line(of: marker.label.range.start) }
    let sorted = markers.enumerated().sorted { a, b in
      let (la, lb) = (lineOf(a.element), lineOf(b.element))
      if la != lb { return la < lb }
      if a.element.label.range.start != b.element.label.range.start {
        return a.element.label.range.start < b.element.label.range.start
      }
      return a.offset < b.offset
    }.map(\.element)

    var output = ""
    var previousLine: Int?
    var window = 0..<0
    for marker in sorted {
      let line = lineOf(marker)
      if line != previousLine {
        if let previous = previousLine, line > previous + 1 { output += style.gutter("...") + "\n" }
        let number = String(line)
        let numberPad = String(repeating: " ", count: pad.count - number.count)
        window = displayWindow(source, line: line, around: marker.label.range.start)
        output += style.gutter(number + numberPad + " |") + " " + displayText(source, line: line, window: window)
        output += "\n"
        previousLine = line
      }
      output += pad + " " + style.gutter("|") + " "
      output += markerLine(marker, source: source, line: line, window: window, style: style)
      output += "\n"
    }
    return output
  }

  /// Whitespace up to the span (tabs copied), the carets, then the label.
  private static func markerLine(
    _ marker: Marker, source: SourceFile, line: Int, window lineRange: Range<Int>, style: Style
  ) -> String {
    let range = marker.label.range
    let start = min(max(range.start, lineRange.lowerBound), lineRange.upperBound)
    // A window that starts inside the line is shown after a `…`.
    var indent = lineRange.lowerBound > source.lines.lineRange(line).lowerBound ? " " : ""
    for scalar in decode(source.bytes[lineRange.lowerBound..<start]).unicodeScalars {
      indent.append(scalar == "\t" ? "\t" : " ")
    }
    let endLine = source.lines.line(of: max(range.start, range.end - 1))
    let isMultiline = range.end > range.start && endLine > line
    let underlineEnd = isMultiline ? lineRange.upperBound : min(range.end, lineRange.upperBound)
    let width = max(1, decode(source.bytes[start..<max(start, underlineEnd)]).unicodeScalars.count)
    let character = marker.isPrimary ? "^" : "-"
    var text = elided(marker.label.message)
    if isMultiline {
      let end = source.lines.location(of: range.end)
      text += (text.isEmpty ? "" : " ") + "(until \(end.line):\(end.column))"
    }
    let carets = String(repeating: character, count: width)
    let styled =
      marker.isPrimary
      ? style.primary(carets + (text.isEmpty ? "" : " " + text))
      : style.secondary(carets + (text.isEmpty ? "" : " " + text))
    return indent + styled
  }

  // MARK: - Helpers

  private static func file(_ id: FileID, in sources: SourceManager) -> SourceFile? {
    Int(id.rawValue) < sources.files.count ? sources[id] : nil
  }

  private static func decode(_ bytes: ArraySlice<UInt8>) -> String {
    String(decoding: bytes, as: UTF8.self)
  }

  /// Longer lines are shown as a window of about this many bytes around the marker (a generated or
  /// minified file can hold a 10 MB line; printing it whole buries the diagnostic).
  static let maximumLineBytes = 240
  /// Longer messages keep their start and end (a message quoting a 10 MB string stays readable).
  static let maximumMessageCharacters = 1000

  /// The bytes of `line` to show: the whole line, or for a long line a window starting a little
  /// before `offset`, on UTF-8 scalar boundaries.
  private static func displayWindow(_ source: SourceFile, line: Int, around offset: Int) -> Range<Int> {
    let lineRange = source.lines.lineRange(line)
    guard lineRange.count > maximumLineBytes else { return lineRange }
    let isContinuation = { (index: Int) in source.bytes[index] & 0xC0 == 0x80 }
    var start = max(lineRange.lowerBound, min(offset, lineRange.upperBound) - maximumLineBytes / 4)
    while start > lineRange.lowerBound && isContinuation(start) { start -= 1 }
    var end = min(lineRange.upperBound, start + maximumLineBytes)
    while end < lineRange.upperBound && isContinuation(end) { end += 1 }
    return start..<end
  }

  /// `text`, or for a very long one its start and end around the number of characters left out.
  private static func elided(_ text: String) -> String {
    let scalars = text.unicodeScalars
    guard scalars.count > maximumMessageCharacters else { return text }
    let head = maximumMessageCharacters * 3 / 5
    let tail = maximumMessageCharacters / 5
    var out = String(String.UnicodeScalarView(scalars.prefix(head)))
    out += "… [\(scalars.count - head - tail) characters omitted] …"
    out += String(String.UnicodeScalarView(scalars.suffix(tail)))
    return out
  }

  /// The line as written (or the `window` of it, with `…` where it is cut), with control
  /// characters other than tab replaced by U+FFFD.
  private static func displayText(_ source: SourceFile, line: Int, window: Range<Int>) -> String {
    let lineRange = source.lines.lineRange(line)
    var text = window.lowerBound > lineRange.lowerBound ? "…" : ""
    for scalar in decode(source.bytes[window]).unicodeScalars {
      if scalar != "\t", scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
        text.unicodeScalars.append("\u{FFFD}")
      } else {
        text.unicodeScalars.append(scalar)
      }
    }
    return window.upperBound < lineRange.upperBound ? text + "…" : text
  }

  /// ANSI styling, or none. Colours follow rustc: severity red/yellow/green, gutter blue.
  private struct Style {
    var enabled: Bool
    var severityCode: String

    init(enabled: Bool, severity: Severity) {
      self.enabled = enabled
      switch severity {
      case .error: severityCode = "1;31"
      case .warning: severityCode = "1;33"
      case .note: severityCode = "1;32"
      }
    }

    func wrap(_ text: String, _ code: String) -> String {
      enabled ? "\u{1B}[\(code)m" + text + "\u{1B}[0m" : text
    }
    func severity(_ text: String) -> String { wrap(text, severityCode) }
    func bold(_ text: String) -> String { wrap(text, "1") }
    func gutter(_ text: String) -> String { wrap(text, "1;34") }
    func primary(_ text: String) -> String { wrap(text, severityCode) }
    func secondary(_ text: String) -> String { wrap(text, "1;34") }
  }
}
