import Testing

@testable import ImmplanPlanner

/// JSON string writing: every byte escaped as RFC 8259 says, and a long text (written in pieces
/// on every core) exactly as a short one would be.
@Suite struct JSONWritingTests {
  /// The escaped form of one byte, written out independently of the writer's table.
  private func expected(_ byte: UInt8) -> [UInt8] {
    switch byte {
    case 0x22: return Array("\\\"".utf8)
    case 0x5c: return Array("\\\\".utf8)
    case 0x0a: return Array("\\n".utf8)
    case 0x0d: return Array("\\r".utf8)
    case 0x09: return Array("\\t".utf8)
    case 0x08: return Array("\\b".utf8)
    case 0x0c: return Array("\\f".utf8)
    case 0..<0x20, 0x7f:
      let hex = Array("0123456789abcdef".utf8)
      return Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0f)]]
    default: return [byte]
    }
  }

  @Test(arguments: [0, 1, 1000, (1 << 20) - 1, 1 << 20, 3_000_017])
  func longAndShortTextsAreEscapedByteForByte(length: Int) throws {
    // Every escape class, multi-byte characters, and runs with nothing to escape, in a pattern
    // that does not line up with the pieces the writer splits a long text into.
    let alphabet = ["a", "\"", "\\", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{01}", "\u{7F}", "é", "€", "😀", "/"]
    var text = ""
    var index = 0
    while text.utf8.count < length {
      text += alphabet[(index * 7 + index / 13) % alphabet.count]
      text += String(repeating: "x", count: index % 23)
      index += 1
    }
    var out: [UInt8] = Array("prefix".utf8)
    JSONValue.writeString(text, to: &out)
    var want: [UInt8] = Array("prefix\"".utf8)
    for byte in text.utf8 { want += expected(byte) }
    want.append(0x22)
    #expect(out == want)
    let parsed = try JSONParser.parse(Array(out.dropFirst("prefix".utf8.count)))
    #expect(parsed == .string(text))
  }
}
