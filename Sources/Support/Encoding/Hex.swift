/// Base-16 text as digests are printed (`sha256`, `filesha256`, image digests, AWS signing).
public enum Hex {
  private static let lowercaseDigits: [UInt8] = Array("0123456789abcdef".utf8)

  /// Lowercase hex, two characters per byte, no separators.
  public static func encode(_ bytes: some Sequence<UInt8>) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.underestimatedCount * 2)
    for byte in bytes {
      out.append(lowercaseDigits[Int(byte >> 4)])
      out.append(lowercaseDigits[Int(byte & 0x0f)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The bytes of `text`, or nil unless it is an even number of hex digits. Accepts upper- and
  /// lowercase digits; rejects whitespace, separators and a `0x` prefix.
  public static func decode(_ text: String) -> [UInt8]? {
    let utf8 = text.utf8
    guard utf8.count % 2 == 0 else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(utf8.count / 2)
    var high: UInt8? = nil
    for character in utf8 {
      guard let nibble = value(of: character) else { return nil }
      if let h = high {
        out.append(h << 4 | nibble)
        high = nil
      } else {
        high = nibble
      }
    }
    return out
  }

  private static func value(of character: UInt8) -> UInt8? {
    switch character {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}
