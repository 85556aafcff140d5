/// Evaluates expressions to ``Value``s with HCL semantics.
///
/// Unknown values flow through (any operation on an unknown gives unknown), sensitivity flows
/// from operands to results, and every error is a ``Diagnostic`` on the exact sub-expression;
/// after an error the result is `.unknown`, so one mistake is reported once. Name errors (undeclared
/// variables, misspelt references) are the reference checker's job, not this type's. Recursion
/// depth is bounded by the parser's nesting cap.
struct Evaluator {
  let environment: any EvaluationEnvironment
  /// Variables of enclosing for-expressions and template `for` directives.
  var scope: [String: Value] = [:]
  /// The current element inside a splat's `each` expression.
  var splatElement: Value = .unknown
  var diagnostics: [Diagnostic] = []

  init(environment: any EvaluationEnvironment) {
    self.environment = environment
  }

  mutating func evaluate(_ expression: Expression) -> Value {
    let range = expression.range
    switch expression.kind {
    case .number(let text):
      if let number = Number(text) { return .number(number) }
      return .unknown
    case .bool(let b): return .bool(b)
    case .null: return .null
    case .invalid: return .unknown
    case .parenthesized(let inner): return evaluate(inner)
    case .template(let template): return evaluateTemplate(template, range: range)
    case .variable(let name):
      return scope[name] ?? .unknown
    case .splatElement:
      return splatElement
    case .getAttribute(let source, let name, let nameRange):
      if let reference = expression.matchReference(isShadowed: { !scope.isEmpty && scope[$0] != nil }) {
        return resolve(reference, at: range)
      }
      let value = evaluate(source)
      return attribute(name, of: value, nameRange: nameRange, sourceRange: source.range)
    case .index(let source, let key, _):
      if let reference = expression.matchReference(isShadowed: { !scope.isEmpty && scope[$0] != nil }) {
        return resolve(reference, at: range)
      }
      let collection = evaluate(source)
      let keyValue = evaluate(key)
      return index(collection, by: keyValue, keyRange: key.range, sourceRange: source.range)
    case .splat(let source, let each, _):
      return evaluateSplat(evaluate(source), each: each)
    case .call(let name, let nameRange, let arguments, let expandsFinal):
      return evaluateCall(name, nameRange: nameRange, arguments: arguments, expandsFinal: expandsFinal, range: range)
    case .conditional(let condition, let whenTrue, let whenFalse):
      // As hclsyntax: both results are evaluated, but only the chosen one's errors are reported
      // (so `var.x != null ? var.x.name : ""` works), and none when the condition is unknown.
      let test = evaluate(condition)
      let start = diagnostics.count
      let trueValue = evaluate(whenTrue)
      let trueDiagnostics = Array(diagnostics[start...])
      diagnostics.removeSubrange(start...)
      let falseValue = evaluate(whenFalse)
      let falseDiagnostics = Array(diagnostics[start...])
      diagnostics.removeSubrange(start...)
      if test.isUnknown { return .unknown }
      guard !test.isNull, case .success(let converted) = test.converted(to: .bool), let chosen = converted.boolValue
      else {
        diagnostics.append(.conditionNotBool("the condition", got: test, at: condition.range))
        return .unknown
      }
      diagnostics.append(contentsOf: chosen ? trueDiagnostics : falseDiagnostics)
      return Value.marked(chosen ? trueValue : falseValue, if: test.isSensitive)
    case .binary(let op, let left, let right):
      return evaluateBinary(op, left, right, range: range)
    case .unary(let op, let operand):
      return evaluateUnary(op, operand)
    case .tuple(let elements):
      var values: [Value] = []
      values.reserveCapacity(elements.count)
      for element in elements { values.append(evaluate(element)) }
      return .list(values)
    case .object(let items):
      return evaluateObject(items)
    case .forExpression(let forExpression):
      return evaluateFor(forExpression)
    }
  }

  /// A reference's value; an instance reference's key is evaluated here, where the
  /// for-expression variables it may use are in scope.
  private mutating func resolve(_ reference: Reference, at range: SourceRange) -> Value {
    let key = reference.keyExpression.map { evaluate($0) }
    return environment.resolve(reference, key: key, at: range)
  }

  // MARK: - Objects

  private mutating func evaluateObject(_ items: [ObjectItem]) -> Value {
    var entries: [String: Value] = [:]
    var isUnknown = false
    var isSensitive = false
    for item in items {
      let key: Value
      // A bare identifier key means that literal string (HCL's ObjectConsKeyExpr).
      if case .variable(let name) = item.key.kind {
        key = .string(name)
      } else {
        key = evaluate(item.key)
      }
      let value = evaluate(item.value)
      if key.isUnknown {
        isUnknown = true
        continue
      }
      if key.isSensitive { isSensitive = true }
      guard !key.isNull, case .success(let converted) = key.converted(to: .string), let name = converted.stringValue
      else {
        diagnostics.append(.invalidObjectKey(got: key, at: item.key.range))
        isUnknown = true
        continue
      }
      if entries[name] != nil {
        diagnostics.append(.duplicateObjectKey(name, at: item.key.range))
        continue
      }
      entries[name] = value
    }
    if isUnknown { return .unknown }
    return Value.marked(.map(entries), if: isSensitive)
  }

  // MARK: - Traversal

  mutating func attribute(_ name: String, of value: Value, nameRange: SourceRange, sourceRange: SourceRange) -> Value {
    let sensitive = value.isSensitive
    switch value.unmarked {
    case .unknown: return .unknown
    case .map(let entries):
      guard let element = entries[name] else {
        diagnostics.append(.unsupportedAttribute(name, available: Array(entries.keys), at: nameRange))
        return .unknown
      }
      return Value.marked(element, if: sensitive)
    case .null:
      diagnostics.append(
        .error(.notIndexable, "cannot access attribute `\(name)` of a null value", at: sourceRange, label: "null"))
      return .unknown
    case .list(let items):
      // HCL's legacy `.0` arrives as an index; a name on a list is an error.
      _ = items
      diagnostics.append(
        .error(
          .unsupportedAttribute, "a list has no attribute `\(name)`", at: nameRange, label: "not an attribute",
          help: "use `[*].\(name)` to take `\(name)` of every element"))
      return .unknown
    default:
      diagnostics.append(
        .error(
          .unsupportedAttribute, "a \(value.kindName) has no attribute `\(name)`", at: nameRange,
          label: "not an attribute"))
      return .unknown
    }
  }

  mutating func index(_ collection: Value, by key: Value, keyRange: SourceRange, sourceRange: SourceRange) -> Value {
    if collection.isUnknown || key.isUnknown { return .unknown }
    let sensitive = collection.isSensitive || key.isSensitive
    switch collection.unmarked {
    case .list(let items):
      guard case .success(let converted) = key.converted(to: .number), let number = converted.numberValue else {
        diagnostics.append(.invalidIndex("a list index must be a number, got \(key.kindName)", at: keyRange))
        return .unknown
      }
      guard number.isInteger, let position = number.intValue, position >= 0, position < items.count else {
        let detail =
          number.isInteger
          ? "index \(number) is out of range for a list of \(items.count) elements"
          : "list index \(number) is not a whole number"
        diagnostics.append(.invalidIndex(detail, at: keyRange))
        return .unknown
      }
      return Value.marked(items[position], if: sensitive)
    case .map(let entries):
      guard !key.isNull, case .success(let converted) = key.converted(to: .string), let name = converted.stringValue
      else {
        diagnostics.append(.invalidIndex("an object key must be a string, got \(key.kindName)", at: keyRange))
        return .unknown
      }
      guard let element = entries[name] else {
        let suggestion = closestName(to: name, in: entries.keys)
        diagnostics.append(
          .invalidIndex(
            "key \(quoted(name)) does not exist", at: keyRange, help: suggestion.map { "did you mean \(quoted($0))?" }))
        return .unknown
      }
      return Value.marked(element, if: sensitive)
    case .set:
      diagnostics.append(
        .error(
          .notIndexable, "cannot index a set: its elements have no order", at: sourceRange, label: "a set",
          help: "iterate over it with a `for` expression instead"))
      return .unknown
    default:
      diagnostics.append(.notIndexable(got: collection, at: sourceRange))
      return .unknown
    }
  }

  private mutating func evaluateSplat(_ source: Value, each: Expression) -> Value {
    if source.isUnknown { return .unknown }
    let sensitive = source.isSensitive
    let elements: [Value]
    switch source.unmarked {
    case .null: return .list([])
    case .list(let items), .set(let items): elements = items
    default: elements = [source.unmarked]  // HCL: a non-sequence becomes a one-element tuple
    }
    let saved = splatElement
    defer { splatElement = saved }
    var results: [Value] = []
    results.reserveCapacity(elements.count)
    for element in elements {
      splatElement = element
      results.append(evaluate(each))
    }
    return Value.marked(.list(results), if: sensitive)
  }

  // MARK: - Calls

  private mutating func evaluateCall(
    _ name: String, nameRange: SourceRange, arguments: [Expression], expandsFinal: Bool, range: SourceRange
  ) -> Value {
    var values: [Value] = []
    var ranges: [SourceRange] = []
    values.reserveCapacity(arguments.count)
    ranges.reserveCapacity(arguments.count)
    for argument in arguments {
      values.append(evaluate(argument))
      ranges.append(argument.range)
    }
    let result = environment.callFunction(
      name, nameRange: nameRange, arguments: values, argumentRanges: ranges, expandsFinal: expandsFinal,
      callRange: range, diagnostics: &diagnostics)
    return checkSize(result, at: range)
  }

  // MARK: - Size limits

  /// The longest string any expression may produce (64 MiB of UTF-8).
  static let maximumStringBytes = 64 << 20
  /// The most elements a list, set or map produced by any expression may have (2^22).
  static let maximumElements = 1 << 22

  /// `value`, or unknown with an error when it is past the limits. Only results that can grow
  /// without bound from their operands are checked (templates and function calls): a chain of
  /// locals each doubling the last would otherwise ask for an allocation of terabytes.
  mutating func checkSize(_ value: Value, at range: SourceRange) -> Value {
    switch value.unmarked {
    case .string(let text) where text.utf8.count > Self.maximumStringBytes:
      diagnostics.append(.valueTooLarge("a string of more than 64 MiB", at: range))
      return .unknown
    case .list(let items) where items.count > Self.maximumElements,
      .set(let items)
    where items.count > Self.maximumElements:
      diagnostics.append(.valueTooLarge("a collection of more than 4,194,304 elements", at: range))
      return .unknown
    case .map(let entries) where entries.count > Self.maximumElements:
      diagnostics.append(.valueTooLarge("a collection of more than 4,194,304 elements", at: range))
      return .unknown
    default:
      return value
    }
  }
}

extension Result {
  var isFailure: Bool {
    if case .failure = self { return true }
    return false
  }
}
