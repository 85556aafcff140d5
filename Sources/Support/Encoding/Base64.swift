/// Base64 with the standard alphabet and `=` padding (RFC 4648 §4), as Terraform's
/// `base64encode`/`base64decode` (Go's `base64.StdEncoding`) use it.
public enum Base64 {
  private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

  /// Maps an ASCII byte to its 6-bit value, or 0xff when it is not in the alphabet.
  private static let reverse: [UInt8] = {
    var table = [UInt8](repeating: 0xff, count: 256)
    for (index, character) in alphabet.enumerated() { table[Int(character)] = UInt8(index) }
    return table
  }()

  /// The padded encoding of `bytes`.
  public static func encode(_ bytes: some Sequence<UInt8>) -> String {
    let input = Array(bytes)
    var out: [UInt8] = []
    out.reserveCapacity((input.count + 2) / 3 * 4)
    var index = 0
    while index + 3 <= input.count {
      let group = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
      out.append(alphabet[Int(group >> 18 & 0x3f)])
      out.append(alphabet[Int(group >> 12 & 0x3f)])
      out.append(alphabet[Int(group >> 6 & 0x3f)])
      out.append(alphabet[Int(group & 0x3f)])
      index += 3
    }
    let remaining = input.count - index
    if remaining > 0 {
      var group = UInt32(input[index]) << 16
      if remaining == 2 { group |= UInt32(input[index + 1]) << 8 }
      out.append(alphabet[Int(group >> 18 & 0x3f)])
      out.append(alphabet[Int(group >> 12 & 0x3f)])
      out.append(remaining == 2 ? alphabet[Int(group >> 6 & 0x3f)] : UInt8(ascii: "="))
      out.append(UInt8(ascii: "="))
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Strictly decodes padded standard Base64, or returns nil. Rejected: a length that is not a
  /// multiple of 4, characters outside the alphabet (whitespace and newlines included), `=`
  /// anywhere but the last one or two positions, and non-zero bits left over before the
  /// padding (RFC 4648 §3.5's canonical encoding), so every byte string has one accepted text.
  public static func decode(_ text: String) -> [UInt8]? {
    decode(Array(text.utf8), requiringCanonicalBits: true)
  }

  /// Decodes as Go's `base64.StdEncoding.DecodeString` (so Terraform's `base64decode`) does:
  /// like ``decode(_:)`` but `\r` and `\n` anywhere are skipped and non-zero bits before the
  /// padding are ignored (`"Zh=="` decodes to `f`). Padding is still required.
  public static func decodeLikeGo(_ text: String) -> [UInt8]? {
    decode(text.utf8.filter { $0 != 0x0A && $0 != 0x0D }, requiringCanonicalBits: false)
  }

  private static func decode(_ input: [UInt8], requiringCanonicalBits: Bool) -> [UInt8]? {
    guard input.count % 4 == 0 else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(input.count / 4 * 3)
    var index = 0
    while index < input.count {
      let isLast = index + 4 == input.count
      var padding = 0
      if isLast {
        if input[index + 3] == UInt8(ascii: "=") { padding = 1 }
        if padding == 1, input[index + 2] == UInt8(ascii: "=") { padding = 2 }
      }
      var group: UInt32 = 0
      for offset in 0..<(4 - padding) {
        let value = reverse[Int(input[index + offset])]
        guard value != 0xff else { return nil }
        group = group << 6 | UInt32(value)
      }
      group <<= UInt32(6 * padding)
      switch padding {
      case 0:
        out.append(UInt8(truncatingIfNeeded: group >> 16))
        out.append(UInt8(truncatingIfNeeded: group >> 8))
        out.append(UInt8(truncatingIfNeeded: group))
      case 1:
        guard group & 0xff == 0 || !requiringCanonicalBits else { return nil }
        out.append(UInt8(truncatingIfNeeded: group >> 16))
        out.append(UInt8(truncatingIfNeeded: group >> 8))
      default:
        guard group & 0xffff == 0 || !requiringCanonicalBits else { return nil }
        out.append(UInt8(truncatingIfNeeded: group >> 16))
      }
      index += 4
    }
    return out
  }
}
