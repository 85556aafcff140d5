/// A value of the immplan language (BRIEF §2): string, number, bool, duration, list (also HCL
/// tuples), set, map (also HCL objects), null, and *unknown* for values known only after apply.
///
/// Sensitivity is a mark: `.sensitive(v)` wraps a value computed from a `sensitive` variable.
/// Invariants: `.sensitive` never directly wraps `.sensitive`; a `.set`'s elements are unique and
/// sorted by ``Value/canonicalOrder``; map keys are plain strings. Maps are Swift dictionaries, so
/// anything that prints or encodes a map must sort its keys (STYLE.md: determinism).
///
/// Only `.sensitive` is `indirect` (boxed): it is the one case that holds a `Value` itself.
/// Lists, sets and maps hold theirs in collections already, and boxing every case cost an
/// allocation for each string, number and bool the evaluator made (100,000 resources, ~10
/// attributes each).
public enum Value: Sendable, Hashable {
  case null
  /// Known only after apply (an output of a resource being created or replaced, or anything
  /// computed from one).
  case unknown
  case string(String)
  case number(Number)
  case bool(Bool)
  case duration(DurationValue)
  /// Lists and HCL tuples.
  case list([Value])
  case set([Value])
  /// Maps and HCL objects.
  case map([String: Value])
  /// A value computed from a sensitive variable. Printed as `(sensitive)`, stored only as a digest.
  indirect case sensitive(Value)

  /// Marks `value` sensitive (idempotent).
  public static func marked(_ value: Value) -> Value {
    if case .sensitive = value { return value }
    return .sensitive(value)
  }

  /// The value without a top-level sensitivity mark.
  public var unmarked: Value {
    if case .sensitive(let inner) = self { return inner }
    return self
  }

  public var isSensitive: Bool {
    if case .sensitive = self { return true }
    return false
  }

  /// True when this value or any element inside it is sensitive.
  public var containsSensitive: Bool {
    switch self {
    case .sensitive: return true
    case .list(let items), .set(let items): return items.contains { $0.containsSensitive }
    case .map(let entries): return entries.values.contains { $0.containsSensitive }
    default: return false
    }
  }

  /// True when this value or any element inside it is unknown.
  public var containsUnknown: Bool {
    switch self {
    case .unknown: return true
    case .sensitive(let inner): return inner.containsUnknown
    case .list(let items), .set(let items): return items.contains { $0.containsUnknown }
    case .map(let entries): return entries.values.contains { $0.containsUnknown }
    default: return false
    }
  }

  public var isNull: Bool { if case .null = unmarked { return true } else { return false } }
  public var isUnknown: Bool { if case .unknown = unmarked { return true } else { return false } }

  public var stringValue: String? { if case .string(let s) = unmarked { return s } else { return nil } }
  public var numberValue: Number? { if case .number(let n) = unmarked { return n } else { return nil } }
  public var boolValue: Bool? { if case .bool(let b) = unmarked { return b } else { return nil } }
  public var durationValue: DurationValue? {
    if case .duration(let d) = unmarked { return d } else { return nil }
  }
  public var listValue: [Value]? {
    switch unmarked {
    case .list(let items), .set(let items): return items
    default: return nil
    }
  }
  public var mapValue: [String: Value]? { if case .map(let m) = unmarked { return m } else { return nil } }
}
