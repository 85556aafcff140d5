extension Evaluator {
  /// The (key, value) pairs a `for` iterates: list → (index, element); set → (element, element);
  /// object/map → (key, value) in key order. nil when unknown (silently) or not iterable (reported).
  mutating func iterationPairs(_ collection: Value, range: SourceRange) -> [(Value, Value)]? {
    if collection.isUnknown { return nil }
    let sensitive = collection.isSensitive
    switch collection.unmarked {
    case .list(let items):
      return items.enumerated().map { (Value.number(Number($0.offset)), Value.marked($0.element, if: sensitive)) }
    case .set(let items):
      return items.map { (Value.marked($0, if: sensitive), Value.marked($0, if: sensitive)) }
    case .map(let entries):
      return entries.keys.sorted(by: Value.keyOrder).map {
        (Value.marked(.string($0), if: sensitive), Value.marked(entries[$0]!, if: sensitive))
      }
    default:
      diagnostics.append(.invalidForCollection(got: collection, at: range))
      return nil
    }
  }

  mutating func evaluateFor(_ expression: ForExpression) -> Value {
    let collection = evaluate(expression.collection)
    guard let pairs = iterationPairs(collection, range: expression.collection.range) else {
      // Still check the body once for errors that do not depend on the elements.
      return .unknown
    }
    var sensitive = collection.isSensitive
    var isUnknown = false
    let saved = scope
    defer { scope = saved }
    var listResult: [Value] = []
    var objectResult: [String: Value] = [:]
    var groupedOrder: [String: [Value]] = [:]
    for (key, value) in pairs {
      if let keyVariable = expression.keyVariable { scope[keyVariable] = key }
      scope[expression.valueVariable] = value
      if let condition = expression.condition {
        let test = evaluate(condition)
        if test.isUnknown {
          isUnknown = true
          continue
        }
        guard !test.isNull, case .success(let converted) = test.converted(to: .bool), let include = converted.boolValue
        else {
          diagnostics.append(
            .conditionNotBool("the `if` condition of a for expression", got: test, at: condition.range))
          return .unknown
        }
        if test.isSensitive { sensitive = true }
        if !include { continue }
      }
      if let keyExpression = expression.key {
        let keyValue = evaluate(keyExpression)
        let element = evaluate(expression.value)
        if keyValue.isUnknown {
          isUnknown = true
          continue
        }
        if keyValue.isSensitive { sensitive = true }
        guard !keyValue.isNull, case .success(let converted) = keyValue.converted(to: .string),
          let name = converted.stringValue
        else {
          diagnostics.append(.invalidObjectKey(got: keyValue, at: keyExpression.range))
          return .unknown
        }
        if expression.isGrouped {
          groupedOrder[name, default: []].append(element)
        } else {
          if objectResult[name] != nil {
            diagnostics.append(.duplicateForKey(name, at: keyExpression.range))
            return .unknown
          }
          objectResult[name] = element
        }
      } else {
        listResult.append(evaluate(expression.value))
      }
    }
    if isUnknown { return .unknown }
    if expression.isObject {
      if expression.isGrouped { objectResult = groupedOrder.mapValues { .list($0) } }
      return Value.marked(.map(objectResult), if: sensitive)
    }
    return Value.marked(.list(listResult), if: sensitive)
  }
}
