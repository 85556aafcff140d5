// Variables: E06xx. One factory per code, sorted by name.

extension DiagnosticCode {
  static let invalidTypeExpression = DiagnosticCode("E0601")
  static let defaultTypeMismatch = DiagnosticCode("E0602")
  static let missingVariableValue = DiagnosticCode("E0603")
  static let undeclaredVariableAssignment = DiagnosticCode("E0604")
  static let malformedVariableAssignment = DiagnosticCode("E0605")
  static let invalidVariableValue = DiagnosticCode("E0606")
  static let variableValidationFailed = DiagnosticCode("E0607")
  static let invalidValidationCondition = DiagnosticCode("E0608")
  static let unreadableVariableFile = DiagnosticCode("E0609")
  static let blockInVariableFile = DiagnosticCode("E0610")
  static let referenceNotAllowed = DiagnosticCode("E0611")
  static let undeclaredVariableInFile = DiagnosticCode("W0601")
}

extension Diagnostic {
  static func blockInVariableFile(_ type: String, at range: SourceRange) -> Diagnostic {
    .error(
      .blockInVariableFile, "a variable file holds only `NAME = VALUE` attributes, found a `\(type)` block", at: range,
      label: "not allowed here")
  }

  static func defaultTypeMismatch(_ name: String, type: ValueType, error: ConversionError, at range: SourceRange)
    -> Diagnostic
  {
    let location = error.path.isEmpty ? "" : " at `\(error.path)`"
    return .error(
      .defaultTypeMismatch, "default value of variable `\(name)` does not match its type: \(error.message)\(location)",
      at: range, label: "expected \(type)")
  }

  static func invalidTypeExpression(_ detail: String, at range: SourceRange) -> Diagnostic {
    .error(
      .invalidTypeExpression, "invalid type expression: \(detail)", at: range, label: "not a type",
      help: "use `string`, `number`, `bool`, `duration`, `any`, `list(T)`, `set(T)`, `map(T)` or `object({…})`")
  }

  static func invalidValidationCondition(_ name: String, at range: SourceRange) -> Diagnostic {
    .error(
      .invalidValidationCondition, "a validation condition may refer only to `var.\(name)`", at: range,
      label: "refers to something else")
  }

  static func invalidVariableValue(_ name: String, type: ValueType, error: ConversionError, at range: SourceRange)
    -> Diagnostic
  {
    let location = error.path.isEmpty ? "" : " at `\(error.path)`"
    return .error(
      .invalidVariableValue, "invalid value for variable `\(name)`: \(error.message)\(location)", at: range,
      label: "expected \(type)")
  }

  static func malformedVariableAssignment(_ text: String) -> Diagnostic {
    .error(
      .malformedVariableAssignment, "invalid `-var` option \(quoted(text))", at: nil,
      help: "write `-var NAME=VALUE`")
  }

  static func missingVariableValue(_ name: String, at range: SourceRange) -> Diagnostic {
    .error(
      .missingVariableValue, "no value for required variable `\(name)`", at: range, label: "has no default",
      help: "set it with `-var \(name)=…`, a `-var-file`, or the environment variable `IMMPLAN_VAR_\(name)`")
  }

  static func referenceNotAllowed(_ place: String, at range: SourceRange) -> Diagnostic {
    .error(
      .referenceNotAllowed, "references are not allowed in \(place)", at: range, label: "a reference",
      notes: ["\(place) must be a constant value"])
  }

  static func undeclaredVariableAssignment(_ name: String, candidates: [String], at range: SourceRange?) -> Diagnostic {
    let suggestion = closestName(to: name, in: candidates)
    return .error(
      .undeclaredVariableAssignment, "value given for undeclared variable `\(name)`", at: range,
      label: "not declared",
      help: suggestion.map { "did you mean `\($0)`?" } ?? "declare it with `variable \"\(name)\" {}`")
  }

  static func undeclaredVariableInFile(_ name: String, at range: SourceRange) -> Diagnostic {
    .warning(
      .undeclaredVariableInFile, "value given for undeclared variable `\(name)` is ignored", at: range,
      label: "not declared")
  }

  static func unreadableVariableFile(_ path: String, reason: String) -> Diagnostic {
    .error(.unreadableVariableFile, "cannot read variable file `\(path)`: \(reason)", at: nil)
  }

  static func variableValidationFailed(_ name: String, message: String, at range: SourceRange, valueRange: SourceRange?)
    -> Diagnostic
  {
    Diagnostic(
      .error, .variableValidationFailed, "invalid value for variable `\(name)`: \(message)",
      primary: DiagnosticLabel(range, "this condition is false"),
      secondary: valueRange.map { [DiagnosticLabel($0, "value set here")] } ?? [])
  }
}
