/// A parsed JSON document, kept exactly: numbers as their written text (never `Double`), object
/// members in written order (the writer sorts them).
///
/// Why not `Codable`: decoding a 100,000-resource state through `JSONDecoder` took 40 s and
/// encoding 15 s in a release build; this tree with its own parser and writer replaced it. State
/// documents are now read without it on the fast path (``StateDirectDecoder``, straight from the
/// bytes); the tree stays the reference reader for every state error, and the form the state,
/// plan and journal files are written and plan files read in.
public enum JSONValue: Sendable, Hashable {
  case null
  case bool(Bool)
  /// The number's text as written (valid JSON number syntax).
  case number(String)
  case string(String)
  case array([JSONValue])
  /// Members in order; keys are unique after parsing (a duplicate key is a syntax error).
  case object([JSONMember])

  /// An object from a dictionary (order does not matter: the writer sorts keys).
  public static func object(_ members: [String: JSONValue]) -> JSONValue {
    .object(members.map { JSONMember(key: $0.key, value: $0.value) })
  }

  /// An integer number.
  public static func integer(_ value: some BinaryInteger) -> JSONValue { .number(String(value)) }

  /// The member `key` of an object, nil otherwise.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.key == key }?.value
  }

  /// "an object", "a string"… for messages.
  public var kindDescription: String {
    switch self {
    case .null: "null"
    case .bool: "a boolean"
    case .number: "a number"
    case .string: "a string"
    case .array: "an array"
    case .object: "an object"
    }
  }
}

/// One `"key": value` member of a JSON object.
public struct JSONMember: Sendable, Hashable {
  public var key: String
  public var value: JSONValue
  public init(key: String, value: JSONValue) {
    self.key = key
    self.value = value
  }
}

// MARK: - Writing

extension JSONValue {
  /// Deterministic text: object keys sorted by their UTF-8 bytes, `/` and non-ASCII unescaped,
  /// control characters escaped. `pretty`: two-space indentation, `"key": value`, one member or
  /// element per line, final newline not included.
  public func encoded(pretty: Bool, capacity: Int = 256) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(capacity)
    write(to: &out, pretty: pretty, indent: 0)
    return out
  }

  func write(to out: inout [UInt8], pretty: Bool, indent: Int) {
    switch self {
    case .null: out.append(contentsOf: "null".utf8)
    case .bool(let flag): out.append(contentsOf: flag ? "true".utf8 : "false".utf8)
    case .number(let text): out += text.utf8
    case .string(let text): JSONValue.writeString(text, to: &out)
    case .array(let items):
      if items.isEmpty {
        out.append(0x5b)
        out.append(0x5d)
        return
      }
      out.append(0x5b)
      for (index, item) in items.enumerated() {
        if index > 0 { out.append(0x2c) }
        if pretty { JSONValue.newline(&out, indent + 1) }
        item.write(to: &out, pretty: pretty, indent: indent + 1)
      }
      if pretty { JSONValue.newline(&out, indent) }
      out.append(0x5d)
    case .object(let members):
      if members.isEmpty {
        out.append(0x7b)
        out.append(0x7d)
        return
      }
      // String order; for the ASCII keys immplan writes it is byte order. Either way deterministic.
      var isSorted = true
      for index in members.indices.dropFirst() where !(members[index - 1].key < members[index].key) {
        isSorted = false
        break
      }
      let sorted = isSorted ? members : members.sorted { $0.key < $1.key }
      out.append(0x7b)
      for (index, member) in sorted.enumerated() {
        if index > 0 { out.append(0x2c) }
        if pretty { JSONValue.newline(&out, indent + 1) }
        JSONValue.writeString(member.key, to: &out)
        out.append(0x3a)
        if pretty { out.append(0x20) }
        member.value.write(to: &out, pretty: pretty, indent: indent + 1)
      }
      if pretty { JSONValue.newline(&out, indent) }
      out.append(0x7d)
    }
  }

  private static func newline(_ out: inout [UInt8], _ indent: Int) {
    out.append(0x0a)
    out.append(contentsOf: repeatElement(0x20, count: indent * 2))
  }

  private static let hexDigits = Array("0123456789abcdef".utf8)

  static func writeString(_ text: String, to out: inout [UInt8]) {
    // Contiguous UTF-8, clean runs copied in bulk: iterating `String.UTF8View` byte by byte was
    // most of the plan file's writing time (it embeds the configuration's text, newlines and all).
    var text = text
    text.withUTF8 { bytes in
      out.append(0x22)
      var runStart = 0
      for index in 0..<bytes.count {
        let byte = bytes[index]
        guard byte < 0x20 || byte == 0x22 || byte == 0x5c || byte == 0x7f else { continue }
        if runStart < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
        runStart = index + 1
        switch byte {
        case 0x22: out.append(contentsOf: #"\""#.utf8)
        case 0x5c: out.append(contentsOf: #"\\"#.utf8)
        case 0x0a: out.append(contentsOf: #"\n"#.utf8)
        case 0x0d: out.append(contentsOf: #"\r"#.utf8)
        case 0x09: out.append(contentsOf: #"\t"#.utf8)
        case 0x08: out.append(contentsOf: #"\b"#.utf8)
        case 0x0c: out.append(contentsOf: #"\f"#.utf8)
        default:
          out.append(contentsOf: #"\u00"#.utf8)
          out.append(hexDigits[Int(byte >> 4)])
          out.append(hexDigits[Int(byte & 0x0f)])
        }
      }
      if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count])) }
      out.append(0x22)
    }
  }
}
