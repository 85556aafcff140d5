extension Evaluator {
  mutating func evaluateBinary(_ op: BinaryOperator, _ left: Expression, _ right: Expression, range: SourceRange)
    -> Value
  {
    let lhs = evaluate(left)
    let rhs = evaluate(right)
    switch op {
    case .equal, .notEqual:
      if lhs.containsUnknown || rhs.containsUnknown { return .unknown }
      let sensitive = lhs.containsSensitive || rhs.containsSensitive
      let equal = Evaluator.structurallyEqual(lhs.deepUnmarked, rhs.deepUnmarked)
      return Value.marked(.bool(op == .equal ? equal : !equal), if: sensitive)
    case .and, .or:
      guard let a = operand(lhs, as: .bool, op: op, range: left.range),
        let b = operand(rhs, as: .bool, op: op, range: right.range)
      else { return .unknown }
      guard let x = a.value.boolValue, let y = b.value.boolValue else { return .unknown }
      return Value.marked(.bool(op == .and ? x && y : x || y), if: a.sensitive || b.sensitive)
    case .less, .lessOrEqual, .greater, .greaterOrEqual:
      guard let a = operand(lhs, as: .number, op: op, range: left.range),
        let b = operand(rhs, as: .number, op: op, range: right.range)
      else { return .unknown }
      guard let x = a.value.numberValue, let y = b.value.numberValue else { return .unknown }
      let order = numberCompare(x, y)
      let result: Bool
      switch op {
      case .less: result = order < 0
      case .lessOrEqual: result = order <= 0
      case .greater: result = order > 0
      default: result = order >= 0
      }
      return Value.marked(.bool(result), if: a.sensitive || b.sensitive)
    case .add, .subtract, .multiply, .divide, .modulo:
      guard let a = operand(lhs, as: .number, op: op, range: left.range),
        let b = operand(rhs, as: .number, op: op, range: right.range)
      else { return .unknown }
      guard let x = a.value.numberValue, let y = b.value.numberValue else { return .unknown }
      switch numberArithmetic(op, x, y) {
      case .success(let n): return Value.marked(.number(n), if: a.sensitive || b.sensitive)
      case .failure(.divisionByZero):
        diagnostics.append(.divisionByZero(at: right.range))
        return .unknown
      case .failure:
        diagnostics.append(
          .error(.invalidOperand, "cannot compute `\(op.rawValue)` of these numbers", at: range, label: "here"))
        return .unknown
      }
    }
  }

  mutating func evaluateUnary(_ op: UnaryOperator, _ operandExpression: Expression) -> Value {
    let value = evaluate(operandExpression)
    switch op {
    case .negate:
      guard let a = operand(value, as: .number, op: "-", range: operandExpression.range),
        let x = a.value.numberValue
      else { return .unknown }
      return Value.marked(.number(numberNegate(x)), if: a.sensitive)
    case .not:
      guard let a = operand(value, as: .bool, op: "!", range: operandExpression.range), let x = a.value.boolValue
      else { return .unknown }
      return Value.marked(.bool(!x), if: a.sensitive)
    }
  }

  /// Converts one operand; nil when it is unknown (silently) or unsuitable (with a diagnostic).
  /// On success `value` is a known, unmarked value of `type`.
  private mutating func operand(_ value: Value, as type: ValueType, op: BinaryOperator, range: SourceRange)
    -> (value: Value, sensitive: Bool)?
  {
    operand(value, as: type, op: op.rawValue, range: range)
  }

  private mutating func operand(_ value: Value, as type: ValueType, op: String, range: SourceRange)
    -> (value: Value, sensitive: Bool)?
  {
    if value.isUnknown { return nil }
    if value.isNull {
      diagnostics.append(.invalidOperand(op, ConversionError(message: "\(type) required, got null"), at: range))
      return nil
    }
    switch value.converted(to: type) {
    case .success(let converted):
      if converted.isUnknown { return nil }
      return (converted.unmarked, value.isSensitive)
    case .failure(let error):
      diagnostics.append(.invalidOperand(op, error, at: range))
      return nil
    }
  }

  /// `==` as HCL: values of different types are unequal; lists compare element-wise; numbers
  /// numerically (``Number`` is normalised, so storage equality is numeric equality).
  static func structurallyEqual(_ a: Value, _ b: Value) -> Bool {
    a == b
  }
}
