import ImmplanSupport

/// Lowercase hex SHA-256, for the sim's deterministic IDs and its digests of sensitive values.
enum SimHash {
  static func hex(_ text: String) -> String { Hex.encode(SHA256.hash(utf8: text)) }
}
