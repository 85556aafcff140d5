/// Computes every declared variable's final value: `default` < environment (`IMMPLAN_VAR_NAME`) <
/// `-var-file` and `-var` in command-line order (later wins), as Terraform does. Environment and
/// `-var` values are taken literally (then converted) for variables without a type or with a
/// primitive one (`string`, `number`, `bool`, `duration`), and parsed as HCL expressions for
/// collection, object and explicit `any` types — Terraform's two parsing modes. A `-var-file` is
/// an HCL file of `NAME = VALUE` attributes. Each value given on
/// the command line or in the environment becomes a small source file (`<-var>`, `<env …>`) so
/// its diagnostics point at the text the user typed.
struct VariableResolver {
  var sources: SourceManager
  let configuration: Configuration
  let options: LoadOptions
  let fileSystem: any FileSystem
  let functions: FunctionCaller
  var diagnostics: [Diagnostic] = []
  /// Variables whose `type` is a collection, an object or an explicit `any`.
  var declaredWithComplexType: [String: Bool] = [:]

  private struct Declared {
    var name: String
    var type: ValueType
    var isSensitive: Bool
    var description: String?
    var value: Value?
    var valueRange: SourceRange?
  }

  mutating func resolve() -> [VariableValue] {
    var declared: [String: Declared] = [:]
    let names = configuration.variables.keys.sorted()
    for name in names {
      declared[name] = declare(configuration.variables[name]!)
    }
    // Environment.
    for name in names {
      guard let text = options.environment["IMMPLAN_VAR_\(name)"], let variable = declared[name] else { continue }
      let (value, range) = valueFromText(
        name: name, text: text, type: variable.type, origin: "<env IMMPLAN_VAR_\(name)>")
      declared[name]!.value = value
      declared[name]!.valueRange = range
    }
    // -var and -var-file in command-line order.
    for assignment in options.variableAssignments {
      switch assignment {
      case .argument(let text):
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
          diagnostics.append(.malformedVariableAssignment(text))
          continue
        }
        let name = String(text[..<equals])
        let valueText = String(text[text.index(after: equals)...])
        guard let variable = declared[name] else {
          diagnostics.append(.undeclaredVariableAssignment(name, candidates: names, at: nil))
          continue
        }
        let (value, range) = valueFromText(name: name, text: valueText, type: variable.type, origin: "<-var \(name)>")
        declared[name]!.value = value
        declared[name]!.valueRange = range
      case .file(let path):
        for (name, value, range) in readVariableFile(path, declared: names) {
          declared[name]!.value = value
          declared[name]!.valueRange = range
        }
      }
    }
    var result: [VariableValue] = []
    for name in names {
      let variable = declared[name]!
      let declaration = configuration.variables[name]!
      var value: Value
      if let given = variable.value {
        value = given
        if !given.isUnknown {
          switch given.converted(to: variable.type) {
          case .success(let converted): value = converted
          case .failure(let error):
            diagnostics.append(
              .invalidVariableValue(
                name, type: variable.type, error: error, at: variable.valueRange ?? declaration.block.headerRange))
            value = .unknown
          }
        }
      } else {
        if options.requiresVariableValues {
          diagnostics.append(.missingVariableValue(name, at: declaration.block.labels[0].range))
        }
        value = .unknown
      }
      validate(declaration, value: value, valueRange: variable.valueRange)
      value = Value.marked(value, if: variable.isSensitive)
      result.append(
        VariableValue(
          name: name, type: variable.type, value: value, isSensitive: variable.isSensitive,
          description: variable.description))
    }
    return result
  }

  // MARK: - Declarations

  private mutating func declare(_ declaration: VariableDeclaration) -> Declared {
    var reader = VariableDeclarationReader(functions: functions)
    let read = reader.read(declaration)
    diagnostics.append(contentsOf: reader.diagnostics)
    if read.hasComplexType { declaredWithComplexType[declaration.name] = true }
    return Declared(
      name: declaration.name, type: read.type, isSensitive: read.isSensitive, description: read.description,
      value: read.defaultValue, valueRange: read.defaultRange)
  }

  private mutating func constantValue(_ expression: Expression, place: String) -> Value? {
    var reader = VariableDeclarationReader(functions: functions)
    let value = reader.constantValue(expression, place: place)
    diagnostics.append(contentsOf: reader.diagnostics)
    return value
  }

  /// What the variables of a module are (type, default, sensitivity): a module's variables take
  /// their values from its caller's inputs. The problems of its declarations come with them.
  static func moduleVariables(of configuration: Configuration, functions: FunctionCaller) -> (
    [String: ModuleVariable], [Diagnostic]
  ) {
    var reader = VariableDeclarationReader(functions: functions)
    var variables: [String: ModuleVariable] = [:]
    for name in configuration.variables.keys.sorted() {
      let read = reader.read(configuration.variables[name]!)
      variables[name] = ModuleVariable(
        type: read.type, defaultValue: read.defaultValue.map { Value.marked($0, if: read.isSensitive) },
        isSensitive: read.isSensitive)
    }
    return (variables, reader.diagnostics)
  }

  // MARK: - Values from text

  /// A value typed on the command line or in the environment, as a source file `NAME = VALUE`.
  private mutating func valueFromText(name: String, text: String, type: ValueType, origin: String)
    -> (Value, SourceRange)
  {
    let prefix = "\(name) = "
    let id = sources.add(path: origin, bytes: Array((prefix + text).utf8), parallelism: options.parallelism)
    let valueRange = SourceRange(file: id, start: prefix.utf8.count, end: prefix.utf8.count + text.utf8.count)
    // Terraform's parsing modes: a variable without a type, or with a primitive type, takes the
    // text literally (and converts it: "3" becomes a number); collection, object and explicit
    // `any` types parse it as an HCL expression.
    if !declaredWithComplexType[name, default: false] { return (.string(text), valueRange) }
    let (syntax, parseDiagnostics) = parseSyntax(sources[id], parallelism: options.parallelism)
    diagnostics.append(contentsOf: parseDiagnostics)
    if parseDiagnostics.hasErrors { return (.unknown, valueRange) }
    guard syntax.body.items.count == 1, case .attribute(let attribute) = syntax.body.items[0] else {
      diagnostics.append(
        .invalidVariableValue(
          name, type: type, error: ConversionError(message: "expected a single value"), at: valueRange))
      return (.unknown, valueRange)
    }
    let value = constantValue(attribute.expression, place: "variable values") ?? .unknown
    return (value, attribute.expression.range)
  }

  private mutating func readVariableFile(_ path: String, declared: [String]) -> [(String, Value, SourceRange)] {
    let bytes: [UInt8]
    do {
      bytes = try fileSystem.readFile(path)
    } catch {
      diagnostics.append(.unreadableVariableFile(path, reason: error.reason))
      return []
    }
    let id = sources.add(path: path, bytes: bytes, parallelism: options.parallelism)
    let (syntax, parseDiagnostics) = parseSyntax(sources[id], parallelism: options.parallelism)
    diagnostics.append(contentsOf: parseDiagnostics)
    var result: [(String, Value, SourceRange)] = []
    for item in syntax.body.items {
      switch item {
      case .block(let block):
        diagnostics.append(.blockInVariableFile(block.type, at: block.typeRange))
      case .attribute(let attribute):
        guard declared.contains(attribute.name) else {
          diagnostics.append(.undeclaredVariableInFile(attribute.name, at: attribute.nameRange))
          continue
        }
        // A file with syntax errors yields unknown values, as a `-var` does: its errors are the
        // cause, not the type of whatever the parser recovered.
        let value =
          parseDiagnostics.hasErrors
          ? .unknown : constantValue(attribute.expression, place: "variable files") ?? .unknown
        result.append((attribute.name, value, attribute.expression.range))
      }
    }
    return result
  }

  // MARK: - Validation

  private mutating func validate(_ declaration: VariableDeclaration, value: Value, valueRange: SourceRange?) {
    for block in declaration.block.body.blocks["validation"] ?? [] {
      guard let condition = block.body.attributes["condition"] else { continue }
      var isValid = true
      for found in ReferenceWalker.names(in: condition.expression) {
        switch found {
        case .reference(.variable(declaration.name), _): continue
        case .reference(_, let range), .incomplete(_, let range), .unknownName(_, let range):
          diagnostics.append(.invalidValidationCondition(declaration.name, at: range))
          isValid = false
        }
      }
      guard isValid, !value.isUnknown else { continue }
      let environment = SingleVariableEnvironment(name: declaration.name, value: value, functions: functions)
      var evaluator = Evaluator(environment: environment)
      let result = evaluator.evaluate(condition.expression)
      diagnostics.append(contentsOf: evaluator.diagnostics)
      if result.isUnknown || evaluator.diagnostics.hasErrors { continue }
      guard case .success(let converted) = result.converted(to: .bool), let passed = converted.boolValue else {
        diagnostics.append(.conditionNotBool("a validation condition", got: result, at: condition.expression.range))
        continue
      }
      if passed { continue }
      var message = "the validation condition is false"
      if let errorMessage = block.body.attributes["error_message"] {
        var messageEvaluator = Evaluator(environment: environment)
        let text = messageEvaluator.evaluate(errorMessage.expression)
        if case .success(let converted) = text.deepUnmarked.converted(to: .string), let string = converted.stringValue {
          message = text.containsSensitive ? "(sensitive)" : string
        }
      }
      diagnostics.append(
        .variableValidationFailed(
          declaration.name, message: message, at: condition.expression.range, valueRange: valueRange))
    }
  }
}

/// Sees only `var.NAME` of the variable being validated.
private final class SingleVariableEnvironment: EvaluationEnvironment {
  let name: String
  let value: Value
  let functions: FunctionCaller
  init(name: String, value: Value, functions: FunctionCaller) {
    self.name = name
    self.value = value
    self.functions = functions
  }
  func resolve(_ reference: Reference, key: Value?, at range: SourceRange) -> Value {
    reference == .variable(name) ? value : .unknown
  }
  func callFunction(
    _ name: String, nameRange: SourceRange, arguments: [Value], argumentRanges: [SourceRange], expandsFinal: Bool,
    callRange: SourceRange,
    diagnostics: inout [Diagnostic]
  ) -> Value {
    functions.call(
      name, nameRange: nameRange, arguments: arguments, argumentRanges: argumentRanges, expandsFinal: expandsFinal,
      callRange: callRange,
      diagnostics: &diagnostics)
  }
}
