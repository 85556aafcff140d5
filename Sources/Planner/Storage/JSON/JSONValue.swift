import ImmplanSupport

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
  /// element per line, final newline not included. `parallelism` bounds the escaping of long
  /// strings (the bytes are the same at every width).
  public func encoded(pretty: Bool, capacity: Int = 256, parallelism: Parallel = .default) -> [UInt8] {
    encoded(prettyLevels: pretty ? Int.max : 0, capacity: capacity, parallelism: parallelism)
  }

  /// As ``encoded(pretty:capacity:parallelism:)``, with only the outer `prettyLevels` levels of arrays and
  /// objects laid out one element or member per line; deeper values are written compactly on
  /// their member's line (`prettyLevels: 2` puts each member of a member of the top-level object
  /// on its own line: one line per resource of a state).
  public func encoded(prettyLevels: Int, capacity: Int = 256, parallelism: Parallel = .default) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(capacity)
    write(to: &out, prettyLevels: prettyLevels, indent: 0, parallelism: parallelism)
    return out
  }

  func write(to out: inout [UInt8], prettyLevels: Int, indent: Int, parallelism: Parallel) {
    let pretty = prettyLevels > 0
    let inner = prettyLevels == Int.max ? Int.max : max(prettyLevels - 1, 0)
    switch self {
    case .null: out.append(contentsOf: "null".utf8)
    case .bool(let flag): out.append(contentsOf: flag ? "true".utf8 : "false".utf8)
    case .number(let text): out += text.utf8
    case .string(let text): JSONValue.writeString(text, to: &out, parallelism: parallelism)
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
        item.write(to: &out, prettyLevels: inner, indent: indent + 1, parallelism: parallelism)
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
        JSONValue.writeString(member.key, to: &out, parallelism: parallelism)
        out.append(0x3a)
        if pretty { out.append(0x20) }
        member.value.write(to: &out, prettyLevels: inner, indent: indent + 1, parallelism: parallelism)
      }
      if pretty { JSONValue.newline(&out, indent) }
      out.append(0x7d)
    }
  }

  private static func newline(_ out: inout [UInt8], _ indent: Int) {
    out.append(0x0a)
    out.append(contentsOf: repeatElement(0x20, count: indent * 2))
  }

  static func writeString(_ text: String, to out: inout [UInt8], parallelism: Parallel = .default) {
    // Two passes over contiguous UTF-8 with a table of each byte's escape: sum what the escapes
    // add, then write every byte into room made once. Appending run by run cost ~37 instructions
    // a byte on the plan file's embedded configuration (a quote or newline every few bytes).
    // A byte's escape depends on nothing else, so a long text (a plan's embedded configuration,
    // tens of megabytes, written while nothing else runs) is done in pieces on every core.
    var text = text
    text.withUTF8 { bytes in
      escapeTable.withUnsafeBufferPointer { table in
        let pieces =
          bytes.count >= 1 << 20 ? parallelism.chunks(bytes.count, minimumChunk: 1 << 19) : [0..<bytes.count]
        let source = UncheckedSendable((bytes, table))
        let extras =
          pieces.count == 1
          ? [escapedExtra(bytes, table)]
          : parallelism.map(pieces.count) { piece in
            escapedExtra(UnsafeBufferPointer(rebasing: source.value.0[pieces[piece]]), source.value.1)
          }
        let extra = extras.reduce(0, +)
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: bytes.count + extra + 2))
        out.withUnsafeMutableBufferPointer { buffer in
          guard let base = buffer.baseAddress else { return }
          base[start] = 0x22
          base[start + 1 + bytes.count + extra] = 0x22
          // Where each piece's escaped bytes begin.
          var starts: [Int] = []
          var offset = start + 1
          for (piece, range) in pieces.enumerated() {
            starts.append(offset)
            offset += range.count + extras[piece]
          }
          let offsets = starts
          if pieces.count == 1 {
            escape(bytes, table, extra: extra, into: base + offsets[0])
          } else {
            let target = UncheckedSendable(base)
            _ = parallelism.map(pieces.count) { piece in
              escape(
                UnsafeBufferPointer(rebasing: source.value.0[pieces[piece]]), source.value.1, extra: extras[piece],
                into: target.value + offsets[piece])
            }
          }
        }
      }
    }
  }

  /// What escaping `bytes` adds to their length.
  private static func escapedExtra(_ bytes: UnsafeBufferPointer<UInt8>, _ table: UnsafeBufferPointer<UInt8>) -> Int {
    var extra = 0
    for byte in bytes { extra &+= Int(table[Int(byte)]) }
    return extra
  }

  /// Writes `bytes` escaped (`extra`: what that adds, from ``escapedExtra(_:_:)``) at `cursor`.
  private static func escape(
    _ bytes: UnsafeBufferPointer<UInt8>, _ table: UnsafeBufferPointer<UInt8>, extra: Int,
    into start: UnsafeMutablePointer<UInt8>
  ) {
    var cursor = start
    if extra == 0, let source = bytes.baseAddress {
      cursor.update(from: source, count: bytes.count)
      return
    }
    for byte in bytes {
      switch table[Int(byte)] {
      case 0:
        cursor.pointee = byte
        cursor += 1
      case 1:
        cursor[0] = 0x5c
        cursor[1] = shortEscapeLetter(byte)
        cursor += 2
      default:
        // \u00XX
        cursor[0] = 0x5c
        cursor[1] = UInt8(ascii: "u")
        cursor[2] = UInt8(ascii: "0")
        cursor[3] = UInt8(ascii: "0")
        cursor[4] = hexDigit(byte >> 4)
        cursor[5] = hexDigit(byte & 0x0f)
        cursor += 6
      }
    }
  }

  /// What escaping each byte adds to a JSON string: 0 (written as is), 1 (`\"`, `\\`, `\n`,
  /// `\r`, `\t`, `\b`, `\f`) or 5 (`\u00XX`: other control characters and DEL).
  private static let escapeTable: [UInt8] = (0..<256).map { byte in
    switch byte {
    case 0x22, 0x5c, 0x0a, 0x0d, 0x09, 0x08, 0x0c: 1
    case 0..<0x20, 0x7f: 5
    default: 0
    }
  }

  /// The letter after the backslash of a two-character escape.
  @inline(__always) private static func shortEscapeLetter(_ byte: UInt8) -> UInt8 {
    switch byte {
    case 0x0a: UInt8(ascii: "n")
    case 0x0d: UInt8(ascii: "r")
    case 0x09: UInt8(ascii: "t")
    case 0x08: UInt8(ascii: "b")
    case 0x0c: UInt8(ascii: "f")
    default: byte  // `"` and `\` stand for themselves
    }
  }

  @inline(__always) private static func hexDigit(_ value: UInt8) -> UInt8 {
    value < 10 ? 0x30 + value : 0x61 + value - 10
  }

}
