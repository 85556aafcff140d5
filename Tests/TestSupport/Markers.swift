/// Inline sources with position markers (STYLE.md: mark positions with `1️⃣` instead of byte numbers).
public struct MarkedSource: Sendable {
  /// The source with every marker removed, as UTF-8 bytes.
  public let bytes: [UInt8]
  /// Byte offset of each marker in ``bytes``, keyed by the marker (`"1️⃣"`…`"9️⃣"`).
  public let offsets: [String: Int]

  static let markers = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]

  public init(_ text: String) {
    var bytes: [UInt8] = []
    var offsets: [String: Int] = [:]
    var rest = Substring(text)
    outer: while !rest.isEmpty {
      for marker in Self.markers where rest.hasPrefix(marker) {
        offsets[marker] = bytes.count
        rest = rest.dropFirst(marker.count)
        continue outer
      }
      bytes.append(contentsOf: String(rest.first!).utf8)
      rest = rest.dropFirst()
    }
    self.bytes = bytes
    self.offsets = offsets
  }

  public subscript(marker: String) -> Int { offsets[marker]! }
}
