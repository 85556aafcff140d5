/// A strict JSON parser (RFC 8259) over UTF-8 bytes: no trailing commas, no comments, no
/// duplicate keys, strings must be valid UTF-8, nesting at most ``maximumDepth``.
public struct JSONParser {
  /// Deeper documents are refused (recursion stays bounded on hand-made input).
  public static let maximumDepth = 512

  /// A syntax error at a byte offset; ``description`` gives line and column.
  public struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int
    public var description: String { "\(message) at line \(line), column \(column)" }
  }

  // Valid only during `parse` (inside `withUnsafeBufferPointer`): unchecked reads are what make
  // reading a 100,000-resource state fast enough.
  private let bytes: UnsafeBufferPointer<UInt8>
  private var offset = 0
  private var depth = 0
  // Members and items of the objects and arrays being parsed, innermost last: each finished one
  // is copied out at its exact size, so no array of the tree regrows or keeps spare capacity.
  private var memberStack: [JSONMember] = []
  private var itemStack: [JSONValue] = []

  private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  /// Parses one JSON document (surrounding whitespace allowed).
  public static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONValue {
    let result: Result<JSONValue, SyntaxError> = bytes.withUnsafeBufferPointer { buffer in
      var parser = JSONParser(buffer)
      do throws(SyntaxError) {
        parser.skipWhitespace()
        // Not "truncated": an empty file (a failed write, `: > file`) is worth saying as such.
        if parser.offset == buffer.count { throw parser.error("the file is empty") }
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.offset == buffer.count else { throw parser.error("unexpected text after the JSON value") }
        return .success(value)
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  private func error(_ message: String, at position: Int? = nil) -> SyntaxError {
    let position = min(position ?? offset, bytes.count)
    var line = 1
    var lineStart = 0
    for index in 0..<position where bytes[index] == 0x0a {
      line += 1
      lineStart = index + 1
    }
    let column = String(decoding: bytes[lineStart..<position], as: UTF8.self).count + 1
    return SyntaxError(message: message, line: line, column: column)
  }

  private var endError: SyntaxError { error("unexpected end of input (the file is truncated)") }

  private mutating func skipWhitespace() {
    while offset < bytes.count {
      switch bytes[offset] {
      case 0x20, 0x0a, 0x0d, 0x09: offset += 1
      default: return
      }
    }
  }

  private mutating func parseValue() throws(SyntaxError) -> JSONValue {
    guard offset < bytes.count else { throw endError }
    switch bytes[offset] {
    case 0x7b: return try parseObject()
    case 0x5b: return try parseArray()
    case 0x22: return .string(try parseString())
    case 0x74: return try literal("true", .bool(true))
    case 0x66: return try literal("false", .bool(false))
    case 0x6e: return try literal("null", .null)
    case 0x2d, 0x30...0x39: return try parseNumber()
    default: throw error("unexpected character `\(printable(bytes[offset]))`")
    }
  }

  private func printable(_ byte: UInt8) -> String {
    byte >= 0x20 && byte < 0x7f ? String(UnicodeScalar(byte)) : "\\u{\(String(byte, radix: 16))}"
  }

  private mutating func literal(_ text: StaticString, _ value: JSONValue) throws(SyntaxError) -> JSONValue {
    let count = text.utf8CodeUnitCount
    guard offset + count <= bytes.count else { throw endError }
    let expected = UnsafeBufferPointer(start: text.utf8Start, count: count)
    guard bytes[offset..<(offset + count)].elementsEqual(expected) else { throw error("invalid literal") }
    offset += count
    return value
  }

  private mutating func enter() throws(SyntaxError) {
    depth += 1
    if depth > JSONParser.maximumDepth { throw error("nesting deeper than \(JSONParser.maximumDepth) levels") }
  }

  private mutating func parseObject() throws(SyntaxError) -> JSONValue {
    try enter()
    defer { depth -= 1 }
    offset += 1
    let base = memberStack.count
    defer { memberStack.removeLast(memberStack.count - base) }
    // Duplicate keys: a linear scan for the small objects of state files, a set for big ones.
    var keys: Set<String>?
    skipWhitespace()
    guard offset < bytes.count else { throw endError }
    if bytes[offset] == 0x7d {
      offset += 1
      return .object([])
    }
    while true {
      skipWhitespace()
      guard offset < bytes.count else { throw endError }
      guard bytes[offset] == 0x22 else { throw error("expected a string key") }
      let keyStart = offset
      let key = try parseString()
      let isDuplicate: Bool
      if memberStack.count - base < 16 {
        isDuplicate = memberStack[base...].contains { $0.key == key }
      } else {
        if keys == nil { keys = Set(memberStack[base...].map(\.key)) }
        isDuplicate = !keys!.insert(key).inserted
      }
      if isDuplicate { throw error("duplicate key `\(key)`", at: keyStart) }
      skipWhitespace()
      guard offset < bytes.count else { throw endError }
      guard bytes[offset] == 0x3a else { throw error("expected `:`") }
      offset += 1
      skipWhitespace()
      let value = try parseValue()
      memberStack.append(JSONMember(key: key, value: value))
      skipWhitespace()
      guard offset < bytes.count else { throw endError }
      switch bytes[offset] {
      case 0x2c: offset += 1
      case 0x7d:
        offset += 1
        return .object(Array(memberStack[base...]))
      default: throw error("expected `,` or `}`")
      }
    }
  }

  private mutating func parseArray() throws(SyntaxError) -> JSONValue {
    try enter()
    defer { depth -= 1 }
    offset += 1
    let base = itemStack.count
    defer { itemStack.removeLast(itemStack.count - base) }
    skipWhitespace()
    guard offset < bytes.count else { throw endError }
    if bytes[offset] == 0x5d {
      offset += 1
      return .array([])
    }
    while true {
      skipWhitespace()
      let item = try parseValue()
      itemStack.append(item)
      skipWhitespace()
      guard offset < bytes.count else { throw endError }
      switch bytes[offset] {
      case 0x2c: offset += 1
      case 0x5d:
        offset += 1
        return .array(Array(itemStack[base...]))
      default: throw error("expected `,` or `]`")
      }
    }
  }

  private mutating func parseNumber() throws(SyntaxError) -> JSONValue {
    let start = offset
    if bytes[offset] == 0x2d { offset += 1 }
    func digits(_ parser: inout JSONParser) -> Int {
      let begin = parser.offset
      while parser.offset < parser.bytes.count, (0x30...0x39).contains(parser.bytes[parser.offset]) {
        parser.offset += 1
      }
      return parser.offset - begin
    }
    guard offset < bytes.count else { throw endError }
    if bytes[offset] == 0x30 {
      offset += 1
    } else if digits(&self) == 0 {
      throw error("invalid number")
    }
    if offset < bytes.count, bytes[offset] == 0x2e {
      offset += 1
      guard digits(&self) > 0 else { throw offset >= bytes.count ? endError : error("invalid number") }
    }
    if offset < bytes.count, bytes[offset] == 0x65 || bytes[offset] == 0x45 {
      offset += 1
      if offset < bytes.count, bytes[offset] == 0x2b || bytes[offset] == 0x2d { offset += 1 }
      guard digits(&self) > 0 else { throw offset >= bytes.count ? endError : error("invalid number") }
    }
    return .number(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self))
  }

  private mutating func parseString() throws(SyntaxError) -> String {
    let quote = offset
    offset += 1
    let start = offset
    switch Self.scanPlainString(bytes, from: start) {
    case .text(let text, let end):
      offset = end
      return text
    case .invalidUTF8: throw error("invalid UTF-8 in string", at: quote)
    case .controlCharacter(let position):
      offset = position
      throw error("control character in string")
    case .unterminated:
      offset = bytes.count
      throw endError
    case .escape(let position): offset = position
    }
    var out = Array(bytes[start..<offset])
    out.reserveCapacity(out.count + 16)
    while offset < bytes.count {
      let byte = bytes[offset]
      switch byte {
      case 0x22:
        offset += 1
        guard let text = String(validating: out, as: UTF8.self) else {
          throw error("invalid UTF-8 in string", at: quote)
        }
        return text
      case 0x5c:
        offset += 1
        guard offset < bytes.count else { throw endError }
        let escape = bytes[offset]
        offset += 1
        switch escape {
        case 0x75:
          var scalar = try hex4()
          if (0xd800...0xdbff).contains(scalar) {
            guard offset + 1 < bytes.count, bytes[offset] == 0x5c, bytes[offset + 1] == 0x75 else {
              throw error("unpaired surrogate in string")
            }
            offset += 2
            let low = try hex4()
            guard (0xdc00...0xdfff).contains(low) else { throw error("unpaired surrogate in string") }
            scalar = 0x10000 + ((scalar - 0xd800) << 10) + (low - 0xdc00)
          } else if (0xdc00...0xdfff).contains(scalar) {
            throw error("unpaired surrogate in string")
          }
          guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
          out += Array(String(Character(unicode)).utf8)
        default:
          guard let byte = Self.shortEscape(escape) else { throw error("invalid escape `\\\(printable(escape))`") }
          out.append(byte)
        }
      default:
        if byte < 0x20 { throw error("control character in string") }
        out.append(byte)
        offset += 1
      }
    }
    throw endError
  }

  /// Reads a string's text from `start` (just after its opening quote) up to the closing quote or
  /// the first backslash: the fast path of both this parser and the state's direct decoder.
  /// ASCII-only text (nearly every state string) needs no UTF-8 validation; anything with a high
  /// bit set is validated.
  @inline(__always)
  static func scanPlainString(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> PlainStringScan {
    var offset = start
    var highBits: UInt8 = 0
    while offset < bytes.count {
      let byte = bytes[offset]
      if byte == 0x22 {
        let text = UnsafeBufferPointer(rebasing: bytes[start..<offset])
        if highBits < 0x80 { return .text(String(decoding: text, as: UTF8.self), end: offset + 1) }
        guard let validated = String(validating: text, as: UTF8.self) else { return .invalidUTF8 }
        return .text(validated, end: offset + 1)
      }
      if byte == 0x5c { return .escape(at: offset) }
      if byte < 0x20 { return .controlCharacter(at: offset) }
      highBits |= byte
      offset += 1
    }
    return .unterminated
  }

  /// The byte a one-letter escape stands for (`\n` → 0x0A, `\"`, `\\`, `\/`, `\b`, `\f`, `\r`,
  /// `\t`); nil for `u` and anything else.
  @inline(__always)
  static func shortEscape(_ letter: UInt8) -> UInt8? {
    switch letter {
    case 0x22: 0x22
    case 0x5c: 0x5c
    case 0x2f: 0x2f
    case 0x62: 0x08
    case 0x66: 0x0c
    case 0x6e: 0x0a
    case 0x72: 0x0d
    case 0x74: 0x09
    default: nil
    }
  }

  private mutating func hex4() throws(SyntaxError) -> UInt32 {
    guard offset + 4 <= bytes.count else { throw endError }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[offset]
      let nibble: UInt32
      switch byte {
      case 0x30...0x39: nibble = UInt32(byte - 0x30)
      case 0x61...0x66: nibble = UInt32(byte - 0x61 + 10)
      case 0x41...0x46: nibble = UInt32(byte - 0x41 + 10)
      default: throw error("invalid \\u escape")
      }
      value = value << 4 | nibble
      offset += 1
    }
    return value
  }
}

/// How the text of a JSON string starts (``JSONParser/scanPlainString(_:from:)``).
enum PlainStringScan {
  /// No escape: the text, and the offset just after the closing quote.
  case text(String, end: Int)
  /// A backslash at this offset; the bytes before it hold no control character.
  case escape(at: Int)
  /// The escape-free text is not valid UTF-8.
  case invalidUTF8
  /// A control character (below 0x20) at this offset.
  case controlCharacter(at: Int)
  /// The input ends before the closing quote.
  case unterminated
}
