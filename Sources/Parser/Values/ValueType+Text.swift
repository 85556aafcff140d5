extension ValueType: CustomStringConvertible {
  /// The type as written in a type expression: `string`, `list(string)`, `object({a = number})`.
  /// Object attributes are printed in sorted order so the text is deterministic.
  public var description: String {
    switch self {
    case .any: return "any"
    case .string: return "string"
    case .number: return "number"
    case .bool: return "bool"
    case .duration: return "duration"
    case .list(let element): return "list(\(element))"
    case .set(let element): return "set(\(element))"
    case .map(let element): return "map(\(element))"
    case .optional(let inner): return "optional(\(inner))"
    case .object(let attributes):
      let fields = attributes.keys.sorted().map { "\($0) = \(attributes[$0]!)" }
      return "object({\(fields.joined(separator: ", "))})"
    }
  }

  /// The type without an `optional(…)` wrapper.
  var unwrappingOptional: ValueType {
    if case .optional(let inner) = self { return inner }
    return self
  }
}

extension Value {
  /// A short name of the value's kind for messages: `string`, `number`, `list`, `object`, `null`…
  public var kindName: String {
    switch self {
    case .null: "null"
    case .unknown: "unknown"
    case .string: "string"
    case .number: "number"
    case .bool: "bool"
    case .duration: "duration"
    case .list: "list"
    case .set: "set"
    case .map: "object"
    case .sensitive(let inner): inner.kindName
    }
  }
}
