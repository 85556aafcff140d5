import ImmplanParser

/// A ``Value`` as it may appear in an artifact (state, plan, journal): every sensitive part is
/// replaced by its HMAC-SHA256 digest, so no secret can be written by accident.
///
/// The planner compares a desired value with a recorded one by converting the desired value with
/// the state's key (`RecordedValue(desired, key: state.digestKey) == recorded`). Set elements keep
/// the order of the source ``Value`` (sorted by its canonical order).
///
/// Not `indirect`: no case holds a `RecordedValue` directly (lists and maps hold theirs in
/// collections), so no case is boxed (a state of 100,000 resources decodes a million values).
public enum RecordedValue: Sendable, Hashable {
  case null
  case unknown
  case string(String)
  case number(Number)
  case bool(Bool)
  case duration(DurationValue)
  case list([RecordedValue])
  case set([RecordedValue])
  case map([String: RecordedValue])
  /// HMAC-SHA256 (lowercase hex) of the sensitive value's canonical encoding under the state's key.
  case sensitiveDigest(String)

  /// Records `value`, digesting every sensitive part under `key`.
  public init(_ value: Value, key: DigestKey) {
    switch value {
    case .null: self = .null
    case .unknown: self = .unknown
    case .string(let text): self = .string(text)
    case .number(let number): self = .number(number)
    case .bool(let flag): self = .bool(flag)
    case .duration(let duration): self = .duration(duration)
    case .list(let items): self = .list(items.map { RecordedValue($0, key: key) })
    case .set(let items): self = .set(items.map { RecordedValue($0, key: key) })
    case .map(let entries): self = .map(entries.mapValues { RecordedValue($0, key: key) })
    case .sensitive(let inner):
      self = .sensitiveDigest(RecordedValue(inner, key: key).digestForSensitive(key: key))
    }
  }

  /// The plain value, or nil when some part is only known as a digest.
  public var value: Value? {
    switch self {
    case .null: return .null
    case .unknown: return .unknown
    case .string(let text): return .string(text)
    case .number(let number): return .number(number)
    case .bool(let flag): return .bool(flag)
    case .duration(let duration): return .duration(duration)
    case .list(let items):
      var out: [Value] = []
      for item in items {
        guard let value = item.value else { return nil }
        out.append(value)
      }
      return .list(out)
    case .set(let items):
      var out: [Value] = []
      for item in items {
        guard let value = item.value else { return nil }
        out.append(value)
      }
      return .set(out)
    case .map(let entries):
      var out: [String: Value] = [:]
      for (key, item) in entries {
        guard let value = item.value else { return nil }
        out[key] = value
      }
      return .map(out)
    case .sensitiveDigest: return nil
    }
  }

  /// True when this value or anything inside it is a digest.
  public var containsDigest: Bool {
    switch self {
    case .sensitiveDigest: true
    case .list(let items), .set(let items): items.contains { $0.containsDigest }
    case .map(let entries): entries.values.contains { $0.containsDigest }
    default: false
    }
  }

  /// The digest this value gets when it is the inner value of a `.sensitive` mark.
  func digestForSensitive(key: DigestKey) -> String {
    key.digest(bytes: ValueCoding.canonicalBytes(self))
  }
}
