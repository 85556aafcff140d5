import ImmplanParser

/// A JSON document as the sim writes and reads it: object keys kept sorted, numbers kept as their
/// canonical text so arbitrary-precision values round-trip exactly.
indirect enum JSONValue: Sendable, Hashable {
  case null
  case bool(Bool)
  /// Canonical ``Number`` text.
  case number(String)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  subscript(key: String) -> JSONValue? {
    if case .object(let entries) = self { return entries[key] }
    return nil
  }

  var string: String? { if case .string(let s) = self { return s } else { return nil } }
  var int: Int? { if case .number(let n) = self { return Number(n)?.intValue } else { return nil } }
  var array: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
  var object: [String: JSONValue]? { if case .object(let o) = self { return o } else { return nil } }

  // MARK: - Writing

  /// Pretty-printed, two-space indent, sorted keys, trailing newline.
  func rendered() -> String {
    var out = ""
    write(into: &out, indent: 0)
    out.append("\n")
    return out
  }

  private func write(into out: inout String, indent: Int) {
    switch self {
    case .null: out.append("null")
    case .bool(let b): out.append(b ? "true" : "false")
    case .number(let n): out.append(n)
    case .string(let s): JSONValue.writeString(s, into: &out)
    case .array(let items):
      if items.isEmpty {
        out.append("[]")
        return
      }
      out.append("[\n")
      for (index, item) in items.enumerated() {
        out.append(String(repeating: " ", count: indent + 2))
        item.write(into: &out, indent: indent + 2)
        out.append(index == items.count - 1 ? "\n" : ",\n")
      }
      out.append(String(repeating: " ", count: indent))
      out.append("]")
    case .object(let entries):
      if entries.isEmpty {
        out.append("{}")
        return
      }
      out.append("{\n")
      let keys = entries.keys.sorted()
      for (index, key) in keys.enumerated() {
        out.append(String(repeating: " ", count: indent + 2))
        JSONValue.writeString(key, into: &out)
        out.append(": ")
        entries[key]!.write(into: &out, indent: indent + 2)
        out.append(index == keys.count - 1 ? "\n" : ",\n")
      }
      out.append(String(repeating: " ", count: indent))
      out.append("}")
    }
  }

  private static func writeString(_ text: String, into out: inout String) {
    out.append("\"")
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out.append("\\\"")
      case "\\": out.append("\\\\")
      case "\n": out.append("\\n")
      case "\r": out.append("\\r")
      case "\t": out.append("\\t")
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
      default: out.unicodeScalars.append(scalar)
      }
    }
    out.append("\"")
  }

  // MARK: - Reading

  /// Parses a JSON document; nil when it is not valid JSON (or nests deeper than 512).
  static func parse(_ bytes: [UInt8]) -> JSONValue? {
    var parser = JSONParser(bytes: bytes)
    guard let value = parser.parseValue(depth: 0) else { return nil }
    parser.skipWhitespace()
    return parser.offset == bytes.count ? value : nil
  }
}

private struct JSONParser {
  let bytes: [UInt8]
  var offset = 0

  mutating func skipWhitespace() {
    while offset < bytes.count, [0x20, 0x0a, 0x0d, 0x09].contains(bytes[offset]) { offset += 1 }
  }

  mutating func parseValue(depth: Int) -> JSONValue? {
    guard depth < 512 else { return nil }
    skipWhitespace()
    guard offset < bytes.count else { return nil }
    switch bytes[offset] {
    case UInt8(ascii: "{"):
      offset += 1
      var entries: [String: JSONValue] = [:]
      skipWhitespace()
      if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
        offset += 1
        return .object(entries)
      }
      while true {
        skipWhitespace()
        guard let key = parseString() else { return nil }
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else { return nil }
        offset += 1
        guard let value = parseValue(depth: depth + 1) else { return nil }
        entries[key] = value
        skipWhitespace()
        guard offset < bytes.count else { return nil }
        if bytes[offset] == UInt8(ascii: ",") {
          offset += 1
          continue
        }
        guard bytes[offset] == UInt8(ascii: "}") else { return nil }
        offset += 1
        return .object(entries)
      }
    case UInt8(ascii: "["):
      offset += 1
      var items: [JSONValue] = []
      skipWhitespace()
      if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
        offset += 1
        return .array(items)
      }
      while true {
        guard let value = parseValue(depth: depth + 1) else { return nil }
        items.append(value)
        skipWhitespace()
        guard offset < bytes.count else { return nil }
        if bytes[offset] == UInt8(ascii: ",") {
          offset += 1
          continue
        }
        guard bytes[offset] == UInt8(ascii: "]") else { return nil }
        offset += 1
        return .array(items)
      }
    case UInt8(ascii: "\""):
      return parseString().map(JSONValue.string)
    case UInt8(ascii: "t"): return literal("true", .bool(true))
    case UInt8(ascii: "f"): return literal("false", .bool(false))
    case UInt8(ascii: "n"): return literal("null", .null)
    default:
      let start = offset
      while offset < bytes.count, "+-.eE0123456789".utf8.contains(bytes[offset]) { offset += 1 }
      let text = String(decoding: bytes[start..<offset], as: UTF8.self)
      return Number(text).map { .number($0.description) }
    }
  }

  private mutating func literal(_ word: String, _ value: JSONValue) -> JSONValue? {
    let utf8 = Array(word.utf8)
    guard offset + utf8.count <= bytes.count, Array(bytes[offset..<offset + utf8.count]) == utf8 else { return nil }
    offset += utf8.count
    return value
  }

  private mutating func parseString() -> String? {
    guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { return nil }
    offset += 1
    var scalars = String.UnicodeScalarView()
    var run: [UInt8] = []
    func flush() {
      if !run.isEmpty {
        scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
        run.removeAll()
      }
    }
    while offset < bytes.count {
      let byte = bytes[offset]
      offset += 1
      switch byte {
      case UInt8(ascii: "\""):
        flush()
        return String(scalars)
      case UInt8(ascii: "\\"):
        flush()
        guard offset < bytes.count else { return nil }
        let escape = bytes[offset]
        offset += 1
        switch escape {
        case UInt8(ascii: "n"): scalars.append("\n")
        case UInt8(ascii: "t"): scalars.append("\t")
        case UInt8(ascii: "r"): scalars.append("\r")
        case UInt8(ascii: "b"): scalars.append("\u{08}")
        case UInt8(ascii: "f"): scalars.append("\u{0C}")
        case UInt8(ascii: "/"): scalars.append("/")
        case UInt8(ascii: "\\"): scalars.append("\\")
        case UInt8(ascii: "\""): scalars.append("\"")
        case UInt8(ascii: "u"):
          guard var code = hex4() else { return nil }
          if (0xD800..<0xDC00).contains(code), offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"),
            bytes[offset + 1] == UInt8(ascii: "u")
          {
            offset += 2
            guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
          }
          scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
        default: return nil
        }
      default:
        run.append(byte)
      }
    }
    return nil
  }

  private mutating func hex4() -> UInt32? {
    guard offset + 4 <= bytes.count else { return nil }
    let text = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
    offset += 4
    return UInt32(text, radix: 16)
  }
}

extension JSONValue {
  /// One line, sorted keys: for messages.
  func compact() -> String {
    switch self {
    case .array(let items): return "[" + items.map { $0.compact() }.joined(separator: ", ") + "]"
    case .object(let entries):
      return "{"
        + entries.keys.sorted().map { "\(JSONValue.string($0).compact()): \(entries[$0]!.compact())" }
        .joined(separator: ", ") + "}"
    default:
      var text = rendered()
      text.removeLast()
      return text
    }
  }
}

// MARK: - Values

extension JSONValue {
  /// The sim's encoding of a language value. Sensitive values are stored only as a SHA-256 of
  /// their encoding (`{"sensitive_sha256": …}`), so a secret never lands in the sim directory.
  /// Returns nil for a value that contains `.unknown`.
  init?(_ value: Value) {
    switch value {
    case .null: self = .null
    case .unknown: return nil
    case .string(let s): self = .string(s)
    case .number(let n): self = .number(n.description)
    case .bool(let b): self = .bool(b)
    case .duration(let d): self = .string("\(d.milliseconds)ms")
    case .list(let items), .set(let items):
      var out: [JSONValue] = []
      for item in items {
        guard let encoded = JSONValue(item) else { return nil }
        out.append(encoded)
      }
      self = .array(out)
    case .map(let entries):
      var out: [String: JSONValue] = [:]
      for (key, item) in entries {
        guard let encoded = JSONValue(item) else { return nil }
        out[key] = encoded
      }
      self = .object(out)
    case .sensitive(let inner):
      guard let encoded = JSONValue(inner) else { return nil }
      self = .object(["sensitive_sha256": .string(SimHash.hex(encoded.compact()))])
    }
  }

  /// The language value of a stored output (strings, numbers, bools, lists, maps).
  var value: Value {
    switch self {
    case .null: .null
    case .bool(let b): .bool(b)
    case .number(let n): Number(n).map(Value.number) ?? .string(n)
    case .string(let s): .string(s)
    case .array(let items): .list(items.map(\.value))
    case .object(let entries): .map(entries.mapValues(\.value))
    }
  }

  var isSensitiveDigest: Bool {
    if case .object(let entries) = self, entries.count == 1, entries["sensitive_sha256"] != nil { return true }
    return false
  }
}
