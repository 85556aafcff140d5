import ImmplanSupport

/// Hashing used by the state layer, over ImmplanSupport's SHA-256, HMAC-SHA256 and hex.
/// Internal: callers use ``State/stateDigest`` and ``DigestKey``.
enum StateHashing {
  /// SHA-256 of `bytes`.
  static func sha256(_ bytes: [UInt8]) -> [UInt8] { SHA256.hash(bytes) }

  /// HMAC-SHA256 of `message` under `key`.
  static func hmacSHA256(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
    HMACSHA256.authenticationCode(for: message, key: key)
  }

  /// Lowercase hexadecimal.
  static func hex(_ bytes: [UInt8]) -> String { Hex.encode(bytes) }

  /// Parses hexadecimal; nil for odd length or other characters.
  static func bytes(fromHex text: String) -> [UInt8]? { Hex.decode(text) }

  /// True when `text` is 64 lowercase hex digits (a SHA-256 or HMAC-SHA256 in hex).
  static func isDigestHex(_ text: String) -> Bool {
    text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
  }
}
