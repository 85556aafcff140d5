import ImmplanParser
import ImmplanSupport

/// The digest of an object's identity: SHA-256 (lowercase hex) of the canonical encoding of its
/// identity attributes, sensitive parts as their digests (BRIEF §2: an image's `digest` output).
/// nil while any attribute is unknown.
public enum ObjectDigest {
  public static func digest(of identity: [String: RecordedValue]) -> String? {
    let value = RecordedValue.map(identity)
    if value.containsUnknown { return nil }
    return Hex.encode(SHA256.hash(ValueCoding.canonicalBytes(value)))
  }
}

extension RecordedValue {
  /// True when this value or anything inside it is unknown.
  var containsUnknown: Bool {
    switch self {
    case .unknown: true
    case .list(let items), .set(let items): items.contains { $0.containsUnknown }
    case .map(let entries): entries.values.contains { $0.containsUnknown }
    default: false
    }
  }
}
