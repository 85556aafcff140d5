import ImmplanParser

/// Values as people read them in plan output: `"t3.small"`, `3`, `10m`, `["a", "b"]`,
/// `{ team = "web" }`, `(known after apply)`, `(sensitive)`. Long values are shortened with `…`.
/// Never prints a sensitive value (they are sealed anyway).
enum ValueText {
  static let maximumLength = 80

  static func render(_ value: RecordedValue?) -> String {
    guard let value else { return "(none)" }
    var text = ""
    write(value, to: &text)
    return shorten(text, to: maximumLength)
  }

  static func shorten(_ text: String, to length: Int) -> String {
    guard text.count > length else { return text }
    return String(text.prefix(length - 1)) + "…"
  }

  private static func write(_ value: RecordedValue, to out: inout String) {
    // Stop building once far past the display limit: huge values cost nothing to render.
    if out.utf8.count > maximumLength * 4 { return }
    switch value {
    case .null: out += "null"
    case .unknown: out += "(known after apply)"
    case .sensitiveDigest: out += "(sensitive)"
    case .string(let text): out += quoted(text)
    case .number(let number): out += number.description
    case .bool(let flag): out += flag ? "true" : "false"
    case .duration(let duration): out += duration.description
    case .list(let items), .set(let items):
      out += "["
      for (index, item) in items.enumerated() {
        if index > 0 { out += ", " }
        write(item, to: &out)
      }
      out += "]"
    case .map(let entries):
      if entries.isEmpty {
        out += "{}"
        return
      }
      out += "{ "
      for (index, key) in entries.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.enumerated() {
        if index > 0 { out += ", " }
        out += key + " = "
        write(entries[key]!, to: &out)
      }
      out += " }"
    }
  }

  static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value):
        out += "\\u{\(String(scalar.value, radix: 16))}"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
