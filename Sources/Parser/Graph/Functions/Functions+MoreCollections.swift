// MARK: - Beyond the brief: element, index, flatten, distinct, sort, reverse, slice, range,
// zipmap, compact, sum, alltrue, anytrue, one, tolist, tomap, toset
//
// Terraform's functions of the same names. immplan values carry no static types, so the
// functions that unify element types in Terraform (`distinct`, `tomap`, `toset`) compare and
// keep values as they are.

extension FunctionLibrary {
  static func registerMoreCollectionFunctions(into table: inout [String: Specification]) {
    table["element"] = Specification(arity: .exactly(2)) { call in
      call.sequence(0).flatMap { items in
        call.integer(1).flatMap { index in
          guard !items.isEmpty else { return .failure(.argument(0, "cannot use element function with an empty list")) }
          guard index >= 0 else { return .failure(.argument(1, "the index must not be negative")) }
          return .success(items[index % items.count])
        }
      }
    }
    table["index"] = Specification(arity: .exactly(2)) { call in
      call.sequence(0).flatMap { items in
        guard let position = items.firstIndex(of: call[1]) else { return .failure(.argument(1, "item not found")) }
        return .success(.number(Number(position)))
      }
    }
    table["flatten"] = Specification(arity: .exactly(1)) { call in
      call.sequence(0).map { items in
        // Depth is bounded by the parser's nesting cap.
        func flatten(_ items: [Value], into out: inout [Value]) {
          for item in items {
            if case .list(let inner) = item {
              flatten(inner, into: &out)
            } else if case .set(let inner) = item {
              flatten(inner, into: &out)
            } else {
              out.append(item)
            }
          }
        }
        var out: [Value] = []
        flatten(items, into: &out)
        return .list(out)
      }
    }
    table["distinct"] = Specification(arity: .exactly(1)) { call in
      call.sequence(0).map { items in
        var out: [Value] = []
        for item in items where !out.contains(item) { out.append(item) }
        return .list(out)
      }
    }
    table["sort"] = Specification(arity: .exactly(1)) { call in
      call.sequence(0).flatMap { items in
        var strings: [String] = []
        for (position, item) in items.enumerated() {
          guard let text = FunctionCall.stringConversion(item) else {
            return .failure(.argument(0, "element \(position) must be a string, not \(typeName(item))"))
          }
          strings.append(text)
        }
        return .success(.list(strings.sorted(by: StringOrder.precedes).map(Value.string)))
      }
    }
    table["reverse"] = Specification(arity: .exactly(1)) { call in
      call.sequence(0).map { .list($0.reversed()) }
    }
    table["slice"] = Specification(arity: .exactly(3)) { call in
      call.sequence(0).flatMap { items in
        call.integer(1).flatMap { start in
          call.integer(2).flatMap { end in
            guard start >= 0 else { return .failure(.argument(1, "the start index must not be negative")) }
            guard end <= items.count else {
              return .failure(.argument(2, "the end index must not be greater than the length of the list"))
            }
            guard start <= end else {
              return .failure(.argument(1, "the start index must not be greater than the end index"))
            }
            return .success(.list(Array(items[start..<end])))
          }
        }
      }
    }
    table["range"] = Specification(arity: Arity(minimum: 1, maximum: 3)) { call in
      var numbers: [Number] = []
      for index in call.arguments.indices {
        switch call.number(index) {
        case .success(let number): numbers.append(number)
        case .failure(let failure): return .failure(failure)
        }
      }
      let start = numbers.count == 1 ? Number.zero : numbers[0]
      let limit = numbers.count == 1 ? numbers[0] : numbers[1]
      let step = numbers.count == 3 ? numbers[2] : (limit < start ? Number(-1) : Number.one)
      guard !step.isZero else { return .failure(.argument(2, "the step must not be zero")) }
      if numbers.count == 3, (step.isNegative && start < limit) || (!step.isNegative && limit < start) {
        return .failure(.argument(2, "the step must move from the start towards the limit"))
      }
      var out: [Value] = []
      var current = start
      while step.isNegative ? limit < current : current < limit {
        // Terraform's limit: a typo must not build a billion-element list.
        guard out.count < 1024 else { return .failure(.call("more than 1024 values were requested")) }
        out.append(.number(current))
        current = current + step
      }
      return .success(.list(out))
    }
    table["zipmap"] = Specification(arity: .exactly(2)) { call in
      call.sequence(0).flatMap { keys in
        call.sequence(1).flatMap { values in
          guard keys.count == values.count else {
            return .failure(
              .call("number of keys (\(keys.count)) does not match number of values (\(values.count))"))
          }
          var out: [String: Value] = [:]
          for (position, key) in keys.enumerated() {
            guard let name = FunctionCall.stringConversion(key) else {
              return .failure(.argument(0, "element \(position) must be a string, not \(typeName(key))"))
            }
            out[name] = values[position]
          }
          return .success(.map(out))
        }
      }
    }
    table["compact"] = Specification(arity: .exactly(1)) { call in
      call.sequence(0).flatMap { items in
        var out: [Value] = []
        for (position, item) in items.enumerated() where !item.isNull {
          guard let text = FunctionCall.stringConversion(item) else {
            return .failure(.argument(0, "element \(position) must be a string, not \(typeName(item))"))
          }
          if !text.isEmpty { out.append(.string(text)) }
        }
        return .success(.list(out))
      }
    }
    table["sum"] = Specification(arity: .exactly(1)) { call in
      call.sequence(0).flatMap { items in
        guard !items.isEmpty else { return .failure(.argument(0, "cannot sum an empty list")) }
        var total = Number.zero
        for (position, item) in items.enumerated() {
          switch item {
          case .number(let number): total = total + number
          case .string(let text) where Number(converting: text) != nil: total = total + Number(converting: text)!
          default: return .failure(.argument(0, "element \(position) must be a number, not \(typeName(item))"))
          }
        }
        return .success(.number(total))
      }
    }
    table["alltrue"] = Specification(arity: .exactly(1)) { call in
      call.sequence(0).flatMap { items in booleans(items).map { .bool(!$0.contains(false)) } }
    }
    table["anytrue"] = Specification(arity: .exactly(1)) { call in
      call.sequence(0).flatMap { items in booleans(items).map { .bool($0.contains(true)) } }
    }
    table["one"] = Specification(arity: .exactly(1)) { call in
      call.sequence(0).flatMap { items in
        switch items.count {
        case 0: return .success(.null)
        case 1: return .success(items[0])
        default: return .failure(.argument(0, "must be a list, set or tuple with either zero or one elements"))
        }
      }
    }
    table["tolist"] = Specification(arity: .exactly(1)) { call in
      if call[0].isNull { return .success(.null) }
      return call.sequence(0).map { .list($0) }
    }
    table["toset"] = Specification(arity: .exactly(1)) { call in
      if call[0].isNull { return .success(.null) }
      return call.sequence(0).map { Value.makeSet($0) }
    }
    table["tomap"] = Specification(arity: .exactly(1)) { call in
      switch call[0] {
      case .null, .map: return .success(call[0])
      default: return .failure(.argument(0, "cannot convert \(typeName(call[0])) to map"))
      }
    }
  }

  /// The elements as bools (`"true"`/`"false"` convert), for `alltrue`/`anytrue`.
  private static func booleans(_ items: [Value]) -> Result<[Bool], ArgumentFailure> {
    var out: [Bool] = []
    for (position, item) in items.enumerated() {
      switch item {
      case .bool(let flag): out.append(flag)
      case .string("true"): out.append(true)
      case .string("false"): out.append(false)
      default: return .failure(.argument(0, "element \(position) must be a bool, not \(typeName(item))"))
      }
    }
    return .success(out)
  }
}
