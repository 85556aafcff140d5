/// Percent-encoding as SigV4 defines it (`UriEncode`): every byte outside `A-Z a-z 0-9 - _ . ~` becomes
/// `%XY` with uppercase hex; a space is `%20`, never `+`.
enum URIEncoding {
  /// Encodes `text` byte by byte; `/` is kept only when `keepSlash` (object keys in S3 paths).
  static func encode(_ text: String, keepSlash: Bool = false) -> String {
    let hexDigits = Array("0123456789ABCDEF".utf8)
    var out = [UInt8]()
    out.reserveCapacity(text.utf8.count)
    for byte in text.utf8 {
      if isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
        out.append(byte)
      } else {
        out.append(UInt8(ascii: "%"))
        out.append(hexDigits[Int(byte >> 4)])
        out.append(hexDigits[Int(byte & 0x0f)])
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Encodes each `/`-separated segment of a raw path once.
  static func encodePath(_ path: String) -> String {
    encode(path.isEmpty ? "/" : path, keepSlash: true)
  }

  /// `name=value` pairs encoded, sorted by encoded name then value, joined with `&`.
  static func canonicalQuery(_ items: [QueryItem]) -> String {
    items.map { (encode($0.name), encode($0.value)) }
      .sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
      .map { "\($0.0)=\($0.1)" }
      .joined(separator: "&")
  }

  /// Form body encoding for the Query protocol, byte for byte as botocore sends it (Python's
  /// `urlencode`, i.e. `quote_plus` with nothing kept but the unreserved set): a space is `+`, every
  /// other byte outside `A-Z a-z 0-9 - _ . ~` is `%XY`; parameters in the given order.
  ///
  /// Servers that check signatures by re-encoding the parsed form (moto does) compute the body hash
  /// from this exact spelling, so `%20` for a space fails their check where AWS would accept it.
  static func formBody(_ items: [QueryItem]) -> String {
    items.map { "\(formEncode($0.name))=\(formEncode($0.value))" }.joined(separator: "&")
  }

  /// One form field: as ``encode(_:keepSlash:)`` but a space becomes `+`.
  static func formEncode(_ text: String) -> String {
    let hexDigits = Array("0123456789ABCDEF".utf8)
    var out = [UInt8]()
    out.reserveCapacity(text.utf8.count)
    for byte in text.utf8 {
      if isUnreserved(byte) {
        out.append(byte)
      } else if byte == UInt8(ascii: " ") {
        out.append(UInt8(ascii: "+"))
      } else {
        out.append(UInt8(ascii: "%"))
        out.append(hexDigits[Int(byte >> 4)])
        out.append(hexDigits[Int(byte & 0x0f)])
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  private static func isUnreserved(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
      UInt8(ascii: "~"):
      return true
    default:
      return false
    }
  }
}
