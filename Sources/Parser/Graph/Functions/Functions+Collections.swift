// MARK: - concat, merge, length, lookup, keys, values, contains, coalesce

extension FunctionLibrary {
  static func registerCollectionFunctions(into table: inout [String: Specification]) {
    table["concat"] = Specification(arity: .atLeast(1)) { call in
      var result: [Value] = []
      for (index, argument) in call.arguments.enumerated() {
        // cty's concat takes lists and tuples only; a set has no order to concatenate in.
        guard case .list(let items) = argument else {
          return .failure(.argument(index, "all arguments must be lists or tuples, got \(typeName(argument))"))
        }
        result.append(contentsOf: items)
      }
      return .success(.list(result))
    }
    table["merge"] = Specification(arity: .atLeast(0)) { call in
      var result: [String: Value] = [:]
      for (index, argument) in call.arguments.enumerated() {
        if argument.isNull { continue }
        guard case .map(let entries) = argument else {
          return .failure(.argument(index, "arguments must be maps or objects, got \(typeName(argument))"))
        }
        result.merge(entries) { _, later in later }
      }
      return .success(.map(result))
    }
    table["length"] = Specification(arity: .exactly(1), sensitivity: .topLevel, handlesUnknown: true) { call in
      switch call[0] {
      case .unknown: return .success(.unknown)
      case .null: return .failure(.argument(0, "argument must not be null"))
      case .string(let text): return .success(.number(Number(text.count)))
      case .list(let items), .set(let items): return .success(.number(Number(items.count)))
      case .map(let entries): return .success(.number(Number(entries.count)))
      default:
        return .failure(
          .argument(0, "argument must be a string, a collection or a structural type, not \(typeName(call[0]))"))
      }
    }
    table["keys"] = Specification(arity: .exactly(1), sensitivity: .topLevel, handlesUnknown: true) { call in
      switch call[0] {
      case .unknown: return .success(.unknown)
      case .null: return .failure(.argument(0, "argument must not be null"))
      case .map(let entries):
        return .success(.list(entries.keys.sorted(by: StringOrder.precedes).map(Value.string)))
      default: return .failure(.argument(0, "a map or object is required, got \(typeName(call[0]))"))
      }
    }
    table["values"] = Specification(arity: .exactly(1)) { call in
      switch call[0] {
      case .null: return .failure(.argument(0, "argument must not be null"))
      case .map(let entries):
        return .success(.list(entries.keys.sorted(by: StringOrder.precedes).map { entries[$0]! }))
      default: return .failure(.argument(0, "a map or object is required, got \(typeName(call[0]))"))
      }
    }
    table["lookup"] = Specification(arity: Arity(minimum: 2, maximum: 3)) { call in
      let entries: [String: Value]
      switch call[0] {
      case .null: return .failure(.argument(0, "argument must not be null"))
      case .map(let map): entries = map
      default: return .failure(.argument(0, "a map or object is required, got \(typeName(call[0]))"))
      }
      return call.string(1).flatMap { key in
        if let value = entries[key] { return .success(value) }
        if call.arguments.count == 3 { return .success(call[2]) }
        let name = call.isSensitive ? "the key" : "key \(JSONEncoding.quoted(key))"
        return .failure(.argument(1, "\(name) is not in the map and no default was given"))
      }
    }
    table["contains"] = Specification(arity: .exactly(2), handlesUnknown: true) { call in
      let items: [Value]
      switch call[0] {
      case .unknown: return .success(.unknown)
      case .null: return .failure(.argument(0, "cannot search a null list or set"))
      case .list(let elements), .set(let elements): items = elements
      default: return .failure(.argument(0, "a list, tuple or set is required, got \(typeName(call[0]))"))
      }
      if items.isEmpty { return .success(.bool(false)) }
      if call[1].containsUnknown { return .success(.unknown) }
      var sawUnknown = false
      for item in items {
        if item.containsUnknown {
          sawUnknown = true
        } else if item == call[1] {
          return .success(.bool(true))
        }
      }
      return .success(sawUnknown ? .unknown : .bool(false))
    }
    table["coalesce"] = Specification(arity: .atLeast(1), handlesUnknown: true) { call in
      // cty unifies the argument types first: strings absorb numbers and bools (`"1"`,
      // `"true"`), but a number and a bool, or a primitive and a collection, do not unify.
      let known = call.arguments.filter { !$0.isNull && !$0.isUnknown }
      let kinds = Set(known.map { typeName($0) == "duration" ? "string" : typeName($0) })
      let primitives: Set<String> = ["string", "number", "bool"]
      let unifiesToString = kinds.count > 1 && kinds.contains("string") && kinds.isSubset(of: primitives)
      if kinds.count > 1 && !unifiesToString {
        let first = typeName(known[0])
        let index = call.arguments.firstIndex { !$0.isNull && !$0.isUnknown && typeName($0) != first }!
        return .failure(
          .argument(index, "all arguments must have the same type, got \(kinds.sorted().joined(separator: " and "))"))
      }
      let isString = unifiesToString || kinds == ["string"]
      for argument in call.arguments {
        if argument.isUnknown { return .success(.unknown) }
        if argument.isNull { continue }
        let value = unifiesToString ? Value.string(FunctionCall.stringConversion(argument)!) : argument
        if isString, value == .string("") { continue }
        return .success(value)
      }
      return .failure(.call("no non-null, non-empty-string arguments"))
    }
  }
}

/// Key order for `keys`/`values` and JSON: by UTF-8 bytes, as Go's `sort.Strings`.
enum StringOrder {
  static func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
}
