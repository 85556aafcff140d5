// Types and evaluation: E04xx. One factory per code, sorted by name.

extension DiagnosticCode {
  static let attributeTypeMismatch = DiagnosticCode("E0401")
  static let invalidOperand = DiagnosticCode("E0402")
  static let conditionNotBool = DiagnosticCode("E0403")
  static let divisionByZero = DiagnosticCode("E0404")
  static let invalidIndex = DiagnosticCode("E0405")
  static let unsupportedAttribute = DiagnosticCode("E0406")
  static let notIndexable = DiagnosticCode("E0407")
  static let invalidForCollection = DiagnosticCode("E0408")
  static let duplicateForKey = DiagnosticCode("E0409")
  static let invalidObjectKey = DiagnosticCode("E0410")
  static let invalidInterpolation = DiagnosticCode("E0411")
  static let unknownAtPlanTime = DiagnosticCode("E0412")
  static let sensitiveOutput = DiagnosticCode("E0413")
  static let nullRequiredAttribute = DiagnosticCode("E0415")
  static let unknownVariableInExpression = DiagnosticCode("E0416")
  static let numberOutOfRange = DiagnosticCode("E0417")
  static let duplicateObjectKey = DiagnosticCode("E0418")
  static let valueTooLarge = DiagnosticCode("E0419")
}

extension Diagnostic {
  static func attributeTypeMismatch(
    _ name: String, expected: ValueType, error: ConversionError, at range: SourceRange
  ) -> Diagnostic {
    let location = error.path.isEmpty ? "" : " at `\(error.path)`"
    return .error(
      .attributeTypeMismatch, "wrong type for `\(name)`: \(error.message)\(location)", at: range,
      label: "expected \(expected)")
  }

  static func conditionNotBool(_ what: String, got: Value, at range: SourceRange) -> Diagnostic {
    .error(.conditionNotBool, "\(what) must be a bool, got \(got.kindName)", at: range, label: "not a bool")
  }

  static func divisionByZero(at range: SourceRange) -> Diagnostic {
    .error(.divisionByZero, "division by zero", at: range, label: "this is zero")
  }

  static func duplicateForKey(_ key: String, at range: SourceRange) -> Diagnostic {
    .error(
      .duplicateForKey, "duplicate key \(quoted(key)) in for expression", at: range, label: "produces a duplicate key",
      help: "add `...` after the value to group values with the same key into lists")
  }

  static func duplicateObjectKey(_ key: String, at range: SourceRange) -> Diagnostic {
    .error(.duplicateObjectKey, "duplicate key \(quoted(key)) in object", at: range, label: "already defined")
  }

  static func invalidForCollection(got: Value, at range: SourceRange) -> Diagnostic {
    .error(
      .invalidForCollection, "a for expression iterates over a list, set or object, got \(got.kindName)", at: range,
      label: "cannot iterate over this")
  }

  static func invalidIndex(_ message: String, at range: SourceRange, help: String? = nil) -> Diagnostic {
    .error(.invalidIndex, message, at: range, label: "invalid index", help: help)
  }

  static func invalidInterpolation(got: Value, at range: SourceRange) -> Diagnostic {
    let detail = got.isNull ? "a null value" : "a \(got.kindName)"
    return .error(
      .invalidInterpolation, "cannot include \(detail) in a string template", at: range,
      label: "not a string, number or bool",
      help: got.isNull ? nil : "convert it first, for example with `jsonencode(…)` or `join(\",\", …)`")
  }

  static func invalidObjectKey(got: Value, at range: SourceRange) -> Diagnostic {
    .error(.invalidObjectKey, "object key must be a string, got \(got.kindName)", at: range, label: "not a string")
  }

  static func invalidOperand(_ op: String, _ error: ConversionError, at range: SourceRange) -> Diagnostic {
    .error(.invalidOperand, "invalid operand for `\(op)`: \(error.message)", at: range, label: "unsuitable value")
  }

  static func notIndexable(got: Value, at range: SourceRange) -> Diagnostic {
    .error(
      .notIndexable, "cannot index a \(got.kindName) value", at: range,
      label: "only lists, sets and objects have elements")
  }

  static func nullRequiredAttribute(_ name: String, at range: SourceRange) -> Diagnostic {
    .error(.nullRequiredAttribute, "required attribute `\(name)` must not be null", at: range, label: "null")
  }

  static func numberOutOfRange(_ name: String, _ detail: String, at range: SourceRange) -> Diagnostic {
    .error(.numberOutOfRange, "invalid value for `\(name)`: \(detail)", at: range, label: "out of range")
  }

  /// An output not marked `sensitive`, or an immplan setting (printed in plans), whose value
  /// comes from a sensitive variable.
  static func sensitiveOutput(_ name: String, isSetting: Bool = false, at range: SourceRange) -> Diagnostic {
    if isSetting {
      return .error(
        .sensitiveOutput, "setting `\(name)` refers to sensitive values", at: range, label: "sensitive",
        notes: ["settings are printed in plans and stored in state as written"])
    }
    return .error(
      .sensitiveOutput, "output `\(name)` refers to sensitive values", at: range, label: "sensitive",
      help: "add `sensitive = true` to the output block")
  }

  static func unknownAtPlanTime(_ name: String, at range: SourceRange) -> Diagnostic {
    .error(
      .unknownAtPlanTime, "the value of `\(name)` must be known when planning", at: range,
      label: "depends on a value known only after apply",
      notes: ["settings of immplan itself cannot depend on resources' computed outputs"])
  }

  static func unknownVariableInExpression(_ name: String, candidates: [String], at range: SourceRange) -> Diagnostic {
    let suggestion = closestName(to: name, in: candidates)
    return .error(
      .unknownVariableInExpression, "unknown name `\(name)`", at: range, label: "not declared",
      help: suggestion.map { "did you mean `\($0)`?" }
        ?? "references start with `var.`, `local.`, `image.`, `launch_template.` or `fleet.`")
  }

  static func unsupportedAttribute(_ name: String, available: [String], at range: SourceRange) -> Diagnostic {
    let suggestion = closestName(to: name, in: available)
    return .error(
      .unsupportedAttribute, "this object has no attribute `\(name)`", at: range, label: "unknown attribute",
      help: suggestion.map { "did you mean `\($0)`?" })
  }

  /// E0419: a string or collection past ``Evaluator/maximumStringBytes`` or
  /// ``Evaluator/maximumElements`` (a doubling chain of locals would otherwise ask for terabytes).
  static func valueTooLarge(_ what: String, at range: SourceRange) -> Diagnostic {
    .error(
      .valueTooLarge, "this expression produces \(what)", at: range, label: "too large",
      help: "values are limited to 64 MiB strings and 4,194,304-element collections")
  }
}
