/// HMAC-SHA256 (RFC 2104 with SHA-256), for AWS request signing and keyed digests.
public enum HMACSHA256 {
  /// The 32-byte authentication code of `message` under `key`. Keys longer than the 64-byte
  /// block are hashed first, shorter ones zero-padded, as RFC 2104 specifies.
  public static func authenticationCode(for message: [UInt8], key: [UInt8]) -> [UInt8] {
    var block = key.count > SHA256.blockByteCount ? SHA256.hash(key) : key
    block.append(contentsOf: repeatElement(0, count: SHA256.blockByteCount - block.count))

    var inner = SHA256.Hasher()
    inner.update(block.map { $0 ^ 0x36 })
    inner.update(message)

    var outer = SHA256.Hasher()
    outer.update(block.map { $0 ^ 0x5c })
    outer.update(inner.finalize())
    return outer.finalize()
  }
}
