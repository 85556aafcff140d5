import ImmplanParser
import ImmplanSupport

extension RecordedValue {
  /// True when recording `attributes` under `key` gives exactly `recorded`
  /// (`attributes.mapValues { RecordedValue($0, key: key) } == recorded`), without building the
  /// recorded values (only sensitive parts are digested to compare).
  static func matches(_ attributes: [String: Value], _ recorded: [String: RecordedValue], key: DigestKey) -> Bool {
    guard attributes.count == recorded.count else { return false }
    for (name, value) in attributes {
      guard let other = recorded[name], matches(value, other, key: key) else { return false }
    }
    return true
  }

  /// True when `RecordedValue(value, key: key) == recorded`.
  static func matches(_ value: Value, _ recorded: RecordedValue, key: DigestKey) -> Bool {
    // One switch per side, not one over a tuple of both: the tuple copied both values (one
    // retain each) for every attribute of every resource compared.
    switch value {
    case .null:
      if case .null = recorded { return true }
    case .unknown:
      if case .unknown = recorded { return true }
    case .string(let a):
      if case .string(let b) = recorded { return a == b }
    case .number(let a):
      if case .number(let b) = recorded { return a == b }
    case .bool(let a):
      if case .bool(let b) = recorded { return a == b }
    case .duration(let a):
      if case .duration(let b) = recorded { return a == b }
    case .list(let a):
      if case .list(let b) = recorded { return matches(a, b, key: key) }
    case .set(let a):
      if case .set(let b) = recorded { return matches(a, b, key: key) }
    case .map(let a):
      if case .map(let b) = recorded { return matches(a, b, key: key) }
    case .sensitive: return RecordedValue(value, key: key) == recorded
    }
    return false
  }

  private static func matches(_ a: [Value], _ b: [RecordedValue], key: DigestKey) -> Bool {
    guard a.count == b.count else { return false }
    for index in a.indices where !matches(a[index], b[index], key: key) { return false }
    return true
  }
}
