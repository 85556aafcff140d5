/// Reads `variable` blocks and the constant expressions variables are given: a default, a
/// `-var` value, a `-var-file` entry. They may not reference anything.
struct VariableDeclarationReader {
  let functions: FunctionCaller
  var diagnostics: [Diagnostic] = []

  struct Read {
    var type: ValueType
    var isSensitive: Bool
    var description: String?
    /// Collection, object or explicit `any` types parse `-var` text as HCL.
    var hasComplexType: Bool
    var defaultValue: Value? = nil
    var defaultRange: SourceRange? = nil
  }

  /// A `variable` block's type, sensitivity, description and default (`.unknown` for a default
  /// that does not convert).
  mutating func read(_ declaration: VariableDeclaration) -> Read {
    let body = declaration.block.body
    var type = ValueType.any
    var hasComplexType = false
    if let typeAttribute = body.attributes["type"] {
      type = TypeExpression.parse(typeAttribute.expression, diagnostics: &diagnostics) ?? .any
      switch type {
      case .string, .number, .bool, .duration: break
      default: hasComplexType = true
      }
    }
    let isSensitive = constant(body.attributes["sensitive"], as: .bool, place: "`sensitive`")?.boolValue ?? false
    let description = constant(body.attributes["description"], as: .string, place: "`description`")?.stringValue
    var variable = Read(type: type, isSensitive: isSensitive, description: description, hasComplexType: hasComplexType)
    if let defaultAttribute = body.attributes["default"] {
      if let value = constantValue(defaultAttribute.expression, place: "a variable's default") {
        switch value.converted(to: type) {
        case .success(let converted):
          variable.defaultValue = converted
          variable.defaultRange = defaultAttribute.expression.range
        case .failure(let error):
          diagnostics.append(
            .defaultTypeMismatch(declaration.name, type: type, error: error, at: defaultAttribute.expression.range))
          variable.defaultValue = .unknown
        }
      } else {
        variable.defaultValue = .unknown
      }
    }
    return variable
  }

  /// Evaluates an expression that may not reference anything; nil after an error.
  mutating func constantValue(_ expression: Expression, place: String) -> Value? {
    var hasReference = false
    for name in ReferenceWalker.names(in: expression) {
      switch name {
      case .reference(_, let range), .incomplete(_, let range):
        diagnostics.append(.referenceNotAllowed(place, at: range))
        hasReference = true
      case .unknownName(let root, let range):
        diagnostics.append(.unknownVariableInExpression(root, candidates: [], at: range))
        hasReference = true
      }
    }
    if hasReference { return nil }
    var evaluator = Evaluator(environment: ConstantEnvironment(functions: functions))
    let value = evaluator.evaluate(expression)
    diagnostics.append(contentsOf: evaluator.diagnostics)
    return evaluator.diagnostics.hasErrors ? nil : value
  }

  mutating func constant(_ attribute: BoundAttribute?, as type: ValueType, place: String) -> Value? {
    guard let attribute, let value = constantValue(attribute.expression, place: place) else { return nil }
    switch value.converted(to: type) {
    case .success(let converted): return converted
    case .failure(let error):
      diagnostics.append(
        .attributeTypeMismatch(attribute.name, expected: type, error: error, at: attribute.expression.range))
      return nil
    }
  }
}
