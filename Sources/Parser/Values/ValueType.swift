/// A type expression of the language (`variable { type = … }` and the schema's attribute types).
public indirect enum ValueType: Sendable, Hashable {
  case any
  case string
  case number
  case bool
  case duration
  case list(ValueType)
  case set(ValueType)
  case map(ValueType)
  /// `object({ name = type, … })`; attributes are required unless `optional(type)`.
  case object([String: ValueType])
  /// `optional(T)` inside an object type.
  case optional(ValueType)
}
