/// A JSON document as data, with numbers kept as their exact text (immplan numbers are arbitrary
/// precision, BRIEF §2) and objects as dictionaries that the writer always prints in sorted key
/// order — the basis of the plan file's byte-for-byte determinism.
package enum JSONValue: Sendable, Hashable {
  case null
  case bool(Bool)
  /// The number's JSON text (`-12.5`), already valid JSON.
  case number(String)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  package var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
  package var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
  package var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
  package var objectValue: [String: JSONValue]? { if case .object(let o) = self { return o } else { return nil } }
  package var intValue: Int? {
    guard case .number(let text) = self else { return nil }
    return Int(text)
  }
}

// MARK: - Writing

extension JSONValue {
  /// Pretty text: two-space indent, one member per line, keys sorted by their UTF-8 bytes, a final
  /// newline. Identical values give identical bytes.
  package func prettyText() -> String {
    var out = ""
    write(to: &out, indent: 0, pretty: true)
    out += "\n"
    return out
  }

  /// Compact canonical text (no spaces, sorted keys): the input of digests.
  package func compactText() -> String {
    var out = ""
    write(to: &out, indent: 0, pretty: false)
    return out
  }

  private func write(to out: inout String, indent: Int, pretty: Bool) {
    switch self {
    case .null: out += "null"
    case .bool(let value): out += value ? "true" : "false"
    case .number(let text): out += text
    case .string(let text): JSONValue.writeString(text, to: &out)
    case .array(let items):
      if items.isEmpty {
        out += "[]"
        return
      }
      out += "["
      for (index, item) in items.enumerated() {
        if index > 0 { out += "," }
        if pretty { JSONValue.newline(&out, indent + 1) }
        item.write(to: &out, indent: indent + 1, pretty: pretty)
      }
      if pretty { JSONValue.newline(&out, indent) }
      out += "]"
    case .object(let members):
      if members.isEmpty {
        out += "{}"
        return
      }
      out += "{"
      for (index, key) in members.keys.sorted(by: JSONValue.keyOrder).enumerated() {
        if index > 0 { out += "," }
        if pretty { JSONValue.newline(&out, indent + 1) }
        JSONValue.writeString(key, to: &out)
        out += pretty ? ": " : ":"
        members[key]!.write(to: &out, indent: indent + 1, pretty: pretty)
      }
      if pretty { JSONValue.newline(&out, indent) }
      out += "}"
    }
  }

  /// Byte order of the UTF-8 text: stable on every platform and locale.
  package static func keyOrder(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

  private static func newline(_ out: inout String, _ indent: Int) {
    out += "\n"
    out += String(repeating: "  ", count: indent)
  }

  private static func writeString(_ text: String, to out: inout String) {
    out += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20 || scalar.value == 0x7F:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    out += "\""
  }
}

// MARK: - Reading

/// Why a JSON text could not be read: a message plus the 1-based line and column.
package struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
  package var message: String
  package var line: Int
  package var column: Int
  package var description: String { "\(message) at line \(line), column \(column)" }
}

extension JSONValue {
  /// Nesting deeper than this is refused, so no input can exhaust the stack.
  package static let maximumDepth = 256

  /// Parses strict JSON (RFC 8259): one value, no trailing data, no duplicate keys.
  package static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
    var reader = JSONReader(bytes: bytes)
    reader.skipWhitespace()
    let value = try reader.parseValue(depth: 0)
    reader.skipWhitespace()
    if reader.offset < bytes.count { throw reader.error("unexpected data after the JSON value") }
    return value
  }
}

private struct JSONReader {
  let bytes: [UInt8]
  var offset = 0

  init(bytes: [UInt8]) { self.bytes = bytes }

  func error(_ message: String) -> JSONSyntaxError {
    var line = 1
    var column = 1
    for byte in bytes[..<min(offset, bytes.count)] {
      if byte == 0x0A {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
    }
    return JSONSyntaxError(message: message, line: line, column: column)
  }

  mutating func skipWhitespace() {
    while offset < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[offset]) { offset += 1 }
  }

  mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
    guard depth < JSONValue.maximumDepth else { throw error("nesting deeper than \(JSONValue.maximumDepth) levels") }
    guard offset < bytes.count else { throw error("unexpected end of file (truncated?)") }
    switch bytes[offset] {
    case UInt8(ascii: "{"): return try parseObject(depth: depth)
    case UInt8(ascii: "["): return try parseArray(depth: depth)
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
    default: throw error("unexpected character")
    }
  }

  mutating func literal(_ word: String, _ value: JSONValue) throws(JSONSyntaxError) -> JSONValue {
    let utf8 = Array(word.utf8)
    guard offset + utf8.count <= bytes.count else { throw error("unexpected end of file (truncated?)") }
    guard Array(bytes[offset..<offset + utf8.count]) == utf8 else { throw error("unexpected character") }
    offset += utf8.count
    return value
  }

  mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
    let start = offset
    func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
    guard offset < bytes.count, isDigit(bytes[offset]) else { throw error("invalid number") }
    if bytes[offset] == 0x30 {
      offset += 1
    } else {
      while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
    }
    if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
      offset += 1
      guard offset < bytes.count, isDigit(bytes[offset]) else { throw error("invalid number") }
      while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
    }
    if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
      offset += 1
      if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
      guard offset < bytes.count, isDigit(bytes[offset]) else { throw error("invalid number") }
      while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
    }
    return .number(String(decoding: bytes[start..<offset], as: UTF8.self))
  }

  mutating func parseString() throws(JSONSyntaxError) -> String {
    offset += 1  // opening quote
    var scalars = String.UnicodeScalarView()
    var runStart = offset
    func flush(_ end: Int) {
      if end > runStart { scalars.append(contentsOf: String(decoding: bytes[runStart..<end], as: UTF8.self).unicodeScalars) }
    }
    while true {
      guard offset < bytes.count else { throw error("unexpected end of file inside a string (truncated?)") }
      let byte = bytes[offset]
      if byte == UInt8(ascii: "\"") {
        flush(offset)
        offset += 1
        return String(scalars)
      }
      if byte < 0x20 { throw error("control character inside a string") }
      if byte != UInt8(ascii: "\\") {
        offset += 1
        continue
      }
      flush(offset)
      offset += 1
      guard offset < bytes.count else { throw error("unexpected end of file inside a string (truncated?)") }
      let escape = bytes[offset]
      offset += 1
      switch escape {
      case UInt8(ascii: "\""): scalars.append("\"")
      case UInt8(ascii: "\\"): scalars.append("\\")
      case UInt8(ascii: "/"): scalars.append("/")
      case UInt8(ascii: "b"): scalars.append("\u{08}")
      case UInt8(ascii: "f"): scalars.append("\u{0C}")
      case UInt8(ascii: "n"): scalars.append("\n")
      case UInt8(ascii: "r"): scalars.append("\r")
      case UInt8(ascii: "t"): scalars.append("\t")
      case UInt8(ascii: "u"):
        var code = try hex4()
        if code >= 0xD800, code < 0xDC00 {
          guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u")
          else { throw error("unpaired surrogate in \\u escape") }
          offset += 2
          let low = try hex4()
          guard low >= 0xDC00, low < 0xE000 else { throw error("unpaired surrogate in \\u escape") }
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
        scalars.append(scalar)
      default: throw error("invalid escape in string")
      }
      runStart = offset
    }
  }

  mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
    guard offset + 4 <= bytes.count else { throw error("unexpected end of file (truncated?)") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[offset]
      let digit: UInt32
      switch byte {
      case 0x30...0x39: digit = UInt32(byte - 0x30)
      case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
      case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
      default: throw error("invalid \\u escape")
      }
      value = value * 16 + digit
      offset += 1
    }
    return value
  }

  mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSONValue {
    offset += 1
    var items: [JSONValue] = []
    skipWhitespace()
    if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
      offset += 1
      return .array(items)
    }
    while true {
      skipWhitespace()
      items.append(try parseValue(depth: depth + 1))
      skipWhitespace()
      guard offset < bytes.count else { throw error("unexpected end of file (truncated?)") }
      if bytes[offset] == UInt8(ascii: ",") {
        offset += 1
      } else if bytes[offset] == UInt8(ascii: "]") {
        offset += 1
        return .array(items)
      } else {
        throw error("expected `,` or `]`")
      }
    }
  }

  mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
    offset += 1
    var members: [String: JSONValue] = [:]
    skipWhitespace()
    if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
      offset += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard offset < bytes.count else { throw error("unexpected end of file (truncated?)") }
      guard bytes[offset] == UInt8(ascii: "\"") else { throw error("expected a string key") }
      let keyOffset = offset
      let key = try parseString()
      skipWhitespace()
      guard offset < bytes.count else { throw error("unexpected end of file (truncated?)") }
      guard bytes[offset] == UInt8(ascii: ":") else { throw error("expected `:`") }
      offset += 1
      skipWhitespace()
      let value = try parseValue(depth: depth + 1)
      if members[key] != nil {
        offset = keyOffset
        throw error("duplicate key `\(key)`")
      }
      members[key] = value
      skipWhitespace()
      guard offset < bytes.count else { throw error("unexpected end of file (truncated?)") }
      if bytes[offset] == UInt8(ascii: ",") {
        offset += 1
      } else if bytes[offset] == UInt8(ascii: "}") {
        offset += 1
        return .object(members)
      } else {
        throw error("expected `,` or `}`")
      }
    }
  }
}
