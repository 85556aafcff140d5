import ImmplanSupport

/// SHA-256, HMAC-SHA-256 and lowercase hex as the SigV4 signer needs them: the one place the AWS code
/// reaches for ImmplanSupport's cryptography, so the signer reads in SigV4's own terms.
enum AWSDigest {
  /// SHA-256 of `bytes`, 32 bytes.
  static func sha256(_ bytes: [UInt8]) -> [UInt8] { ImmplanSupport.SHA256.hash(bytes) }

  /// HMAC-SHA-256 of `message` under `key` (RFC 2104), 32 bytes.
  static func hmacSHA256(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
    ImmplanSupport.HMACSHA256.authenticationCode(for: message, key: key)
  }

  /// Lowercase hexadecimal, two digits per byte.
  static func hex(_ bytes: [UInt8]) -> String { ImmplanSupport.Hex.encode(bytes) }

  /// Lowercase hex SHA-256 of `bytes`: SigV4's `HexEncode(Hash(payload))`.
  static func sha256Hex(_ bytes: [UInt8]) -> String { hex(sha256(bytes)) }
}
