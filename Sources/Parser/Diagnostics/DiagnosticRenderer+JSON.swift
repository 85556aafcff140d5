// MARK: - JSON (`validate -json`)

extension DiagnosticRenderer {
  /// The diagnostics as one JSON document, for editors and CI annotations (`validate -json`).
  ///
  /// Shape (keys in this fixed order, two-space indentation, final newline):
  ///
  /// ```
  /// {
  ///   "format_version": "1.0",
  ///   "valid": false,
  ///   "error_count": 1,
  ///   "warning_count": 0,
  ///   "diagnostics": [
  ///     {
  ///       "severity": "error",
  ///       "code": "E0204",
  ///       "message": "unknown attribute `instance_typ` in `launch_template`",
  ///       "file": "web.imm.hcl",
  ///       "start": { "line": 14, "column": 3, "byte": 210 },
  ///       "end": { "line": 14, "column": 15, "byte": 222 },
  ///       "labels": [ { "primary": true, "message": "…", "file": …, "start": …, "end": … } ],
  ///       "notes": [],
  ///       "help": "did you mean `instance_type`?"
  ///     }
  ///   ]
  /// }
  /// ```
  ///
  /// `file`, `start` and `end` describe the primary span and are `null` when there is none. `end`
  /// is exclusive (the position just after the span), as `byte` offsets are 0-based UTF-8 offsets;
  /// lines and columns are 1-based, columns counting Unicode scalars. `help` is `null` when absent.
  /// Diagnostics appear in ``Swift/Array/sortedForDisplay()`` order. `valid` is false when any
  /// error is present (warnings alone keep it true).
  public static func renderJSON(_ diagnostics: [Diagnostic], sources: SourceManager) -> String {
    let sorted = diagnostics.sortedForDisplay()
    let errors = sorted.filter { $0.severity == .error }.count
    let warnings = sorted.filter { $0.severity == .warning }.count
    var out = "{\n"
    out += "  \"format_version\": \"1.0\",\n"
    out += "  \"valid\": \(errors == 0),\n"
    out += "  \"error_count\": \(errors),\n"
    out += "  \"warning_count\": \(warnings),\n"
    if sorted.isEmpty {
      out += "  \"diagnostics\": []\n"
    } else {
      out += "  \"diagnostics\": [\n"
      out += sorted.map { json($0, sources: sources) }.joined(separator: ",\n")
      out += "\n  ]\n"
    }
    out += "}\n"
    return out
  }

  private static func json(_ diagnostic: Diagnostic, sources: SourceManager) -> String {
    let indent = "      "
    var fields: [String] = []
    fields.append("\"severity\": \(jsonString(diagnostic.severity.rawValue))")
    fields.append("\"code\": \(jsonString(diagnostic.code.rawValue))")
    fields.append("\"message\": \(jsonString(diagnostic.message))")
    fields.append(contentsOf: spanFields(diagnostic.primary?.range, sources: sources))
    var labels: [String] = []
    if let primary = diagnostic.primary { labels.append(json(primary, isPrimary: true, sources: sources)) }
    for label in diagnostic.secondary { labels.append(json(label, isPrimary: false, sources: sources)) }
    if labels.isEmpty {
      fields.append("\"labels\": []")
    } else {
      fields.append(
        "\"labels\": [\n" + labels.map { indent + "  " + $0 }.joined(separator: ",\n") + "\n" + indent + "]")
    }
    fields.append("\"notes\": [" + diagnostic.notes.map(jsonString).joined(separator: ", ") + "]")
    fields.append("\"help\": " + (diagnostic.help.map(jsonString) ?? "null"))
    return "    {\n" + fields.map { indent + $0 }.joined(separator: ",\n") + "\n    }"
  }

  private static func json(_ label: DiagnosticLabel, isPrimary: Bool, sources: SourceManager) -> String {
    var fields = ["\"primary\": \(isPrimary)", "\"message\": \(jsonString(label.message))"]
    fields.append(contentsOf: spanFields(label.range, sources: sources))
    return "{ " + fields.joined(separator: ", ") + " }"
  }

  /// `"file"`, `"start"`, `"end"` for a range, or nulls when there is none or its file is unknown.
  private static func spanFields(_ range: SourceRange?, sources: SourceManager) -> [String] {
    guard let range, Int(range.file.rawValue) < sources.files.count else {
      return ["\"file\": null", "\"start\": null", "\"end\": null"]
    }
    let source = sources[range.file]
    func position(_ offset: Int) -> String {
      let location = source.lines.location(of: offset)
      return "{ \"line\": \(location.line), \"column\": \(location.column), \"byte\": \(offset) }"
    }
    return [
      "\"file\": \(jsonString(source.path))", "\"start\": \(position(range.start))", "\"end\": \(position(range.end))",
    ]
  }

  /// A JSON string literal: `"` and `\` escaped, control characters as `\n`-style or `\u00XX`
  /// escapes, U+2028/U+2029 escaped (safe to embed in JavaScript); everything else verbatim UTF-8.
  package static func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      default:
        if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0x7F {
          let hex = String(scalar.value, radix: 16, uppercase: false)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
