/// Why a value could not be converted to a type; `path` locates the offending element
/// (`[2]`, `["web"]`, `.name`), empty for the value itself.
public struct ConversionError: Error, Sendable, Hashable {
  public var path: String
  public var message: String
  public init(path: String = "", message: String) {
    self.path = path
    self.message = message
  }

  func prefixed(_ step: String) -> ConversionError {
    ConversionError(path: step + path, message: message)
  }
}

extension Value {
  /// Converts the value to `type` as HCL/cty does: numbers and bools to and from strings,
  /// tuples to lists and sets, objects to maps and objects (extra object attributes dropped,
  /// `optional` ones filled with null), strings to durations (`"90s"`). `null` and unknown
  /// convert to every type; sensitivity is kept.
  public func converted(to type: ValueType) -> Result<Value, ConversionError> {
    switch self {
    case .null, .unknown: return .success(self)
    case .sensitive(let inner):
      return inner.converted(to: type).map { Value.marked($0) }
    default: break
    }
    switch type {
    case .any: return .success(self)
    case .optional(let inner): return converted(to: inner)
    case .string:
      switch self {
      case .string: return .success(self)
      case .number(let n): return .success(.string(n.description))
      case .bool(let b): return .success(.string(b ? "true" : "false"))
      case .duration(let d): return .success(.string(formatDuration(d)))
      default: return .failure(ConversionError(message: "string required, got \(kindName)"))
      }
    case .number:
      switch self {
      case .number: return .success(self)
      case .string(let s):
        if let n = Number(s) { return .success(.number(n)) }
        return .failure(ConversionError(message: "a number is required, got the string \(quoted(s))"))
      default: return .failure(ConversionError(message: "number required, got \(kindName)"))
      }
    case .bool:
      switch self {
      case .bool: return .success(self)
      case .string("true"): return .success(.bool(true))
      case .string("false"): return .success(.bool(false))
      case .string(let s):
        return .failure(ConversionError(message: "a bool is required, got the string \(quoted(s))"))
      default: return .failure(ConversionError(message: "bool required, got \(kindName)"))
      }
    case .duration:
      switch self {
      case .duration: return .success(self)
      case .string(let s):
        if let d = parseDuration(s) {
          guard d.milliseconds <= DurationValue.maximumMilliseconds else {
            return .failure(
              ConversionError(message: "duration \(quoted(s)) is longer than ten years, the longest immplan accepts"))
          }
          return .success(.duration(d))
        }
        return .failure(
          ConversionError(
            message: "invalid duration \(quoted(s)): use a number and a unit, like \"90s\", \"10m\" or \"1h30m\""))
      default: return .failure(ConversionError(message: "duration required (a string like \"90s\"), got \(kindName)"))
      }
    case .list(let element):
      guard case .list(let items) = self else {
        if case .set(let items) = self { return Value.convertElements(items, to: element).map { .list($0) } }
        return .failure(ConversionError(message: "list of \(element) required, got \(kindName)"))
      }
      // Already of the type (the usual `["a", "b"]` for a list of strings): the same list, not a copy.
      if items.allSatisfy({ $0.isExactly(element) }) { return .success(self) }
      return Value.convertElements(items, to: element).map { .list($0) }
    case .set(let element):
      switch self {
      case .list(let items), .set(let items):
        return Value.convertElements(items, to: element).map { Value.makeSet($0) }
      default: return .failure(ConversionError(message: "set of \(element) required, got \(kindName)"))
      }
    case .map(let element):
      guard case .map(let entries) = self else {
        return .failure(ConversionError(message: "map of \(element) required, got \(kindName)"))
      }
      // Already of the type (the usual tags map of strings): the same map, not a copy.
      if entries.values.allSatisfy({ $0.isExactly(element) }) { return .success(self) }
      var result: [String: Value] = [:]
      result.reserveCapacity(entries.count)
      var failed = false
      for (key, value) in entries {
        guard case .success(let converted) = value.converted(to: element) else {
          failed = true
          break
        }
        result[key] = converted
      }
      if !failed { return .success(.map(result)) }
      // Report the first failing key in key order, so the message is deterministic.
      for key in entries.keys.sorted(by: Value.keyOrder) {
        if case .failure(let error) = entries[key]!.converted(to: element) {
          return .failure(error.prefixed("[\(quoted(key))]"))
        }
      }
      return .success(.map(result))
    case .object(let attributes):
      guard case .map(let entries) = self else {
        return .failure(ConversionError(message: "object required, got \(kindName)"))
      }
      var result: [String: Value] = [:]
      for name in attributes.keys.sorted(by: Value.keyOrder) {
        let attributeType = attributes[name]!
        guard let value = entries[name] else {
          if case .optional = attributeType {
            result[name] = .null
            continue
          }
          return .failure(ConversionError(message: "attribute `\(name)` is required"))
        }
        switch value.converted(to: attributeType) {
        case .success(let v): result[name] = v
        case .failure(let error): return .failure(error.prefixed(".\(name)"))
        }
      }
      return .success(.map(result))
    }
  }

  /// Whether `converted(to: type)` gives this very value back for a primitive `type`: a plain
  /// (not sensitive, not null, not unknown) string, number, bool or duration of that type.
  private func isExactly(_ type: ValueType) -> Bool {
    switch (type, self) {
    case (.string, .string), (.number, .number), (.bool, .bool), (.duration, .duration): true
    default: false
    }
  }

  private static func convertElements(_ items: [Value], to type: ValueType) -> Result<[Value], ConversionError> {
    var result: [Value] = []
    result.reserveCapacity(items.count)
    for (index, item) in items.enumerated() {
      switch item.converted(to: type) {
      case .success(let v): result.append(v)
      case .failure(let error): return .failure(error.prefixed("[\(index)]"))
      }
    }
    return .success(result)
  }
}

/// `"text"` with quotes and escapes, for messages.
func quoted(_ s: String) -> String {
  var out: [UInt8] = []
  Value.appendQuoted(s, to: &out)
  return String(decoding: out, as: UTF8.self)
}
