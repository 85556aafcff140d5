/// A read position in UTF-8 source bytes (STYLE.md "Lexing").
///
/// The lexer stays on an ASCII fast path and decodes scalars only where it needs them
/// (identifiers that leave ASCII, invalid-character reporting).
struct Cursor {
  let bytes: [UInt8]
  var offset: Int

  init(_ bytes: [UInt8], offset: Int = 0) {
    self.bytes = bytes
    self.offset = offset
  }

  @inline(__always) var isAtEnd: Bool { offset >= bytes.count }

  /// The byte `distance` bytes ahead, or nil past the end.
  @inline(__always) func peek(at distance: Int = 0) -> UInt8? {
    let index = offset &+ distance
    return index < bytes.count ? bytes[index] : nil
  }

  @inline(__always) mutating func advance(by count: Int = 1) { offset &+= count }

  /// Advances past `byte` when it is next; returns whether it did.
  @inline(__always) mutating func advance(matching byte: UInt8) -> Bool {
    if offset < bytes.count, bytes[offset] == byte {
      offset &+= 1
      return true
    }
    return false
  }

  /// The length of the valid UTF-8 sequence starting here, as `hclsyntax` defines it (lead byte
  /// ranges C0–DF, E0–EF, F0–F7 followed by continuation bytes), or nil if the bytes are invalid.
  func utf8SequenceLength(at index: Int) -> Int? {
    let lead = bytes[index]
    let length: Int
    switch lead {
    case 0x00...0x7F: return 1
    case 0xC0...0xDF: length = 2
    case 0xE0...0xEF: length = 3
    case 0xF0...0xF7: length = 4
    default: return nil
    }
    guard index + length <= bytes.count else { return nil }
    var next = index + 1
    while next < index + length {
      guard bytes[next] & 0xC0 == 0x80 else { return nil }
      next += 1
    }
    return length
  }

  /// Decodes the (already validated) scalar of `length` bytes at `index`.
  func scalar(at index: Int, length: Int) -> Unicode.Scalar? {
    var value: UInt32
    switch length {
    case 1: return Unicode.Scalar(bytes[index])
    case 2: value = UInt32(bytes[index] & 0x1F)
    case 3: value = UInt32(bytes[index] & 0x0F)
    default: value = UInt32(bytes[index] & 0x07)
    }
    for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
    return Unicode.Scalar(value)
  }
}

extension UInt8 {
  /// Lets a `switch` over bytes read `case "{":` (STYLE.md).
  @inline(__always) static func ~= (pattern: Unicode.Scalar, value: UInt8) -> Bool {
    UInt8(ascii: pattern) == value
  }
}

/// Byte classes of the ASCII fast path.
enum ByteClass {
  @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }
  @inline(__always) static func isIdentifierStart(_ byte: UInt8) -> Bool {
    (byte | 0x20) &- 0x61 < 26 || byte == 0x5F
  }
  @inline(__always) static func isIdentifierContinue(_ byte: UInt8) -> Bool {
    (byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10 || byte == 0x5F || byte == 0x2D
  }
  @inline(__always) static func isHexDigit(_ byte: UInt8) -> Bool {
    byte &- 0x30 < 10 || (byte | 0x20) &- 0x61 < 6
  }
}
