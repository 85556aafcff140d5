/// The key of one instance of a repeated resource or module: `[0]` under `count`, `["a"]` under
/// `for_each` (Terraform's `addrs.InstanceKey`). A resource without repetition has no key at all,
/// which is not the same as `[0]`.
public enum InstanceKey: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// `count.index`: 0, 1, 2, …
  case integer(Int)
  /// A `for_each` key (a map key or a member of a set of strings).
  case string(String)

  /// `[0]` or `["a"]`: the key as written after an address, with the string in HCL's quoted
  /// form (``AddressText/appendQuoted(_:to:)``), so the text reads back as the same key.
  public var description: String {
    var text = "["
    switch self {
    case .integer(let value): text += String(value)
    case .string(let value): AddressText.appendQuoted(value, to: &text)
    }
    return text + "]"
  }

  /// Integers before strings; integers by value, strings by their text.
  public static func < (lhs: InstanceKey, rhs: InstanceKey) -> Bool {
    switch (lhs, rhs) {
    case (.integer(let a), .integer(let b)): a < b
    case (.integer, .string): true
    case (.string, .integer): false
    case (.string(let a), .string(let b)): a < b
    }
  }

  /// The key as a configuration value: `each.key` is a string, `count.index` a number.
  public var text: String {
    switch self {
    case .integer(let value): String(value)
    case .string(let value): value
    }
  }
}

/// Ordering of optional keys: no key first.
extension Optional where Wrapped == InstanceKey {
  static func isOrdered(_ lhs: InstanceKey?, before rhs: InstanceKey?) -> Bool {
    switch (lhs, rhs) {
    case (nil, nil): false
    case (nil, _?): true
    case (_?, nil): false
    case (let a?, let b?): a < b
    }
  }
}
