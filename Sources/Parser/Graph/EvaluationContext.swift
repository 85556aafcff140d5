/// What ``Graph`` needs to evaluate attribute expressions on demand: the bound syntax of every
/// resource, local and output, the final variable values, the function library's file access,
/// and the locals and resource arguments already fully known at load time.
package struct EvaluationContext: Sendable {
  var configuration: Configuration
  var variableValues: [String: Value]
  var functions: FunctionCaller
  var constantLocals: [String: Value]
  /// Resource arguments whose value was fully known at load time. Unknown stands for "any
  /// value", so a value known with every computed output unknown is the same whatever the
  /// outputs turn out to be; only the rest is evaluated again when the planner asks.
  var constantAttributes: [ResourceAddress: [String: Value]] = [:]
  /// Node (`local.a`, `image.web`) → the locals and resources it references.
  var dependencyEdges: [String: [String]] = [:]
  /// Position of each node in dependency order (dependencies first).
  var evaluationRank: [String: Int] = [:]

  /// An empty context (for graphs built by hand in tests).
  package init() {
    self.init(
      configuration: Configuration(), variableValues: [:], functions: FunctionCaller(fileSystem: nil, baseDirectory: "."),
      constantLocals: [:])
  }

  init(
    configuration: Configuration, variableValues: [String: Value], functions: FunctionCaller,
    constantLocals: [String: Value]
  ) {
    self.configuration = configuration
    self.variableValues = variableValues
    self.functions = functions
    self.constantLocals = constantLocals
  }
}

/// One evaluation pass over a configuration: memoises locals and resource attributes, and reads
/// resources' computed outputs through `outputs` (nil or a missing key means unknown, as in
/// validate mode and for resources being created). Not shared across threads.
final class EvaluationSession: EvaluationEnvironment {
  let context: EvaluationContext
  let outputs: (ResourceAddress) -> ResourceOutputs?
  private(set) var diagnostics: [Diagnostic] = []
  private var localValues: [String: Value]
  private var attributeValues: [ResourceAddress: [String: Value]] = [:]
  private var inProgress: Set<String> = []

  init(context: EvaluationContext, outputs: @escaping (ResourceAddress) -> ResourceOutputs?) {
    self.context = context
    self.outputs = outputs
    self.localValues = context.constantLocals
    self.attributeValues = context.constantAttributes
  }

  /// Every local evaluated so far (for the load-time pass).
  var evaluatedLocals: [String: Value] { localValues }
  /// Every resource argument evaluated so far (for the load-time pass).
  var evaluatedAttributes: [ResourceAddress: [String: Value]] { attributeValues }

  var configuration: Configuration { context.configuration }

  /// Evaluates `expression`, collecting its diagnostics in the session.
  func evaluate(_ expression: Expression) -> Value {
    var evaluator = Evaluator(environment: self)
    let value = evaluator.evaluate(expression)
    diagnostics.append(contentsOf: evaluator.diagnostics)
    return value
  }

  func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

  // MARK: - Named values

  func local(_ name: String) -> Value {
    if let value = localValues[name] { return value }
    guard let declaration = configuration.locals[name] else { return .unknown }
    // Cycles are reported by the checker; here they just stay unknown.
    guard inProgress.insert("local.\(name)").inserted else { return .unknown }
    let value = evaluate(declaration.attribute.expression)
    inProgress.remove("local.\(name)")
    localValues[name] = value
    return value
  }

  /// An argument of a resource, converted to its schema type, with its default applied
  /// (`desired_capacity` defaults to `min_size`). Settings are not served here.
  func attribute(_ name: String, of address: ResourceAddress) -> Value {
    if let value = attributeValues[address]?[name] { return value }
    guard let resource = configuration.resources[address], let schema = resource.schema.attribute(name) else {
      return .unknown
    }
    let key = "\(address).\(name)"
    guard inProgress.insert(key).inserted else { return .unknown }
    defer { inProgress.remove(key) }
    let value: Value
    if let bound = resource.block.body.attributes[name] {
      value = convert(evaluate(bound.expression), to: schema, at: bound.expression.range)
    } else if address.kind == .fleet, name == "desired_capacity" {
      value = attribute("min_size", of: address)
    } else {
      value = schema.defaultValue ?? .null
    }
    attributeValues[address, default: [:]][name] = value
    return value
  }

  /// Converts an attribute's value to its schema type and checks null and enumerations.
  func convert(_ value: Value, to schema: AttributeSchema, at range: SourceRange) -> Value {
    if value.isNull {
      if schema.isRequired {
        report(.nullRequiredAttribute(schema.name, at: range))
        return .unknown
      }
      return schema.defaultValue ?? .null
    }
    switch value.converted(to: schema.type) {
    case .failure(let error):
      report(.attributeTypeMismatch(schema.name, expected: schema.type, error: error, at: range))
      return .unknown
    case .success(let converted):
      if let allowed = schema.allowedValues, let text = converted.stringValue, !allowed.contains(text) {
        report(.invalidEnumValue(schema.name, value: text, allowed: allowed, at: range))
        return .unknown
      }
      return converted
    }
  }

  /// Evaluates everything `address` depends on (transitively), dependencies first, so that
  /// evaluating `address` itself finds them memoised: no reference chain recurses deeper than
  /// one level, however long it is.
  func prepare(_ address: ResourceAddress) {
    var pending = context.dependencyEdges[address.description] ?? []
    var seen = Set(pending)
    var index = 0
    while index < pending.count {
      for next in context.dependencyEdges[pending[index]] ?? [] where seen.insert(next).inserted { pending.append(next) }
      index += 1
    }
    guard !pending.isEmpty else { return }
    pending.sort { (context.evaluationRank[$0] ?? 0) < (context.evaluationRank[$1] ?? 0) }
    for node in pending {
      if node.hasPrefix("local.") {
        _ = local(String(node.dropFirst("local.".count)))
      } else if let dependency = ResourceAddress(parsing: node), dependency != address {
        _ = identity(of: dependency)
      }
    }
  }

  /// Every identity attribute of `address`, defaults applied (absent optional ones as `null`).
  func identity(of address: ResourceAddress) -> [String: Value] {
    guard let resource = configuration.resources[address] else { return [:] }
    var result: [String: Value] = [:]
    for schema in resource.schema.attributes where schema.isIdentity {
      result[schema.name] = attribute(schema.name, of: address)
    }
    return result
  }

  // MARK: - EvaluationEnvironment

  func resolve(_ reference: Reference, at range: SourceRange) -> Value {
    switch reference {
    case .variable(let name):
      return context.variableValues[name] ?? .unknown
    case .local(let name):
      return local(name)
    case .resource(let address, let attribute):
      guard configuration.resources[address] != nil else { return .unknown }
      let computed = outputs(address) ?? [:]
      guard let attribute else {
        var object = identity(of: address)
        for name in address.kind.computedAttributes { object[name] = computed[name] ?? .unknown }
        return .map(object)
      }
      if address.kind.computedAttributes.contains(attribute) {
        return computed[attribute] ?? .unknown
      }
      return self.attribute(attribute, of: address)
    }
  }

  func callFunction(
    _ name: String, nameRange: SourceRange, arguments: [Value], argumentRanges: [SourceRange], expandsFinal: Bool,
    callRange: SourceRange,
    diagnostics: inout [Diagnostic]
  ) -> Value {
    context.functions.call(
      name, nameRange: nameRange, arguments: arguments, argumentRanges: argumentRanges, expandsFinal: expandsFinal,
      callRange: callRange,
      diagnostics: &diagnostics)
  }
}
