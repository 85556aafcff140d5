/// What ``Graph`` needs to evaluate attribute expressions on demand: the bound syntax of every
/// resource, local and output, the final variable values, the function library's file access,
/// and the locals and resource arguments already fully known at load time.
///
/// A class, immutable once built: every evaluation session (one per identity the planner asks
/// for, on every core) holds it by one reference instead of copying its dozen collections, whose
/// shared reference counts both cores would otherwise keep incrementing.
package final class EvaluationContext: Sendable {
  let configuration: Configuration
  let variableValues: [String: Value]
  let functions: FunctionCaller
  let constantLocals: [String: Value]
  /// Resource arguments whose value was fully known at load time. Unknown stands for "any
  /// value", so a value known with every computed output unknown is the same whatever the
  /// outputs turn out to be; only the rest is evaluated again when the planner asks.
  let constantAttributes: [ResourceAddress: [String: Value]]
  /// Node (`local.a`, `image.web`) → the locals and resources it references (the reference
  /// checker's edges, shared, not copied).
  let dependencyEdges: [GraphNode: [(node: GraphNode, range: SourceRange)]]

  /// An empty context (for graphs built by hand in tests).
  package convenience init() {
    self.init(
      configuration: Configuration(), variableValues: [:],
      functions: FunctionCaller(fileSystem: nil, baseDirectory: "."),
      constantLocals: [:])
  }

  init(
    configuration: Configuration, variableValues: [String: Value], functions: FunctionCaller,
    constantLocals: [String: Value], constantAttributes: [ResourceAddress: [String: Value]] = [:],
    dependencyEdges: [GraphNode: [(node: GraphNode, range: SourceRange)]] = [:]
  ) {
    self.configuration = configuration
    self.variableValues = variableValues
    self.functions = functions
    self.constantLocals = constantLocals
    self.constantAttributes = constantAttributes
    self.dependencyEdges = dependencyEdges
  }
}

/// One evaluation pass over a configuration: memoises locals and resource attributes, and reads
/// resources' computed outputs through `outputs` (nil or a missing key means unknown, as in
/// validate mode and for resources being created). Not shared across threads.
final class EvaluationSession: EvaluationEnvironment {
  let context: EvaluationContext
  var configuration: Configuration { context.configuration }
  let outputs: (ResourceAddress) -> ResourceOutputs?
  private(set) var diagnostics: [Diagnostic] = []
  // Session memos. The context's constants are read, never copied: copying a 90,000-entry
  // dictionary on every identity evaluation would make planning quadratic.
  private var localValues: [String: Value] = [:]
  private var identities: [ResourceAddress: [String: Value]] = [:]
  private var attributeValues: [AttributeKey: Value] = [:]
  private var localsInProgress: Set<String> = []
  private var attributesInProgress: Set<AttributeKey> = []
  /// Locals and attributes being evaluated inside one another. Evaluation in dependency order keeps
  /// this small; only a long chain the checker has already reported as a cycle (found by fuzzing:
  /// 5,000 locals each naming the next, the last naming the first) walks the whole chain here,
  /// which overflowed the stack. Past the cap the value stays unknown, as a cycle's does.
  private var namedValueDepth = 0
  static let maximumNamedValueDepth = 200
  /// Whether some evaluation stopped at ``maximumNamedValueDepth`` (its value is then unknown):
  /// the caller evaluates again after ``prepare(_:)``, which keeps every chain one level deep.
  private(set) var reachedDepthLimit = false
  private var identitiesInProgress: Set<ResourceAddress> = []

  private struct AttributeKey: Hashable {
    var address: ResourceAddress
    var name: String
  }

  init(context: EvaluationContext, outputs: @escaping (ResourceAddress) -> ResourceOutputs?) {
    self.context = context
    self.outputs = outputs
  }

  /// A session that starts with `seed`'s memoised locals and resource values (not its
  /// diagnostics): what it evaluates is what `seed` would have evaluated next, without repeating
  /// what `seed` already did. The load-time pass gives one to each worker thread.
  init(continuing seed: EvaluationSession) {
    self.context = seed.context
    self.outputs = seed.outputs
    self.localValues = seed.localValues
    self.identities = seed.identities
    self.attributeValues = seed.attributeValues
  }

  /// Every local evaluated by this session (for the load-time pass).
  var evaluatedLocals: [String: Value] { localValues }
  /// Every identity evaluated by this session (for the load-time pass).
  var evaluatedIdentities: [ResourceAddress: [String: Value]] { identities }

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
    if !context.constantLocals.isEmpty, let value = context.constantLocals[name] { return value }
    if let value = localValues[name] { return value }
    guard let declaration = configuration.locals[name] else { return .unknown }
    // Cycles are reported by the checker; here they just stay unknown.
    guard namedValueDepth < Self.maximumNamedValueDepth else {
      reachedDepthLimit = true
      return .unknown
    }
    guard localsInProgress.insert(name).inserted else { return .unknown }
    namedValueDepth += 1
    let value = evaluate(declaration.attribute.expression)
    namedValueDepth -= 1
    localsInProgress.remove(name)
    localValues[name] = value
    return value
  }

  /// An argument of a resource, converted to its schema type, with its default applied (a
  /// constant, or another attribute's value: ``AttributeSchema/defaultFrom``). Settings are not
  /// served here.
  func attribute(_ name: String, of address: ResourceAddress) -> Value {
    if !context.constantAttributes.isEmpty, let value = context.constantAttributes[address]?[name] { return value }
    if let value = identities[address]?[name] { return value }
    let key = AttributeKey(address: address, name: name)
    if !attributeValues.isEmpty, let value = attributeValues[key] { return value }
    guard let resource = configuration.resources[address], let schema = address.kind.traits.identityAttribute(name)
    else {
      return .unknown
    }
    guard namedValueDepth < Self.maximumNamedValueDepth else {
      reachedDepthLimit = true
      return .unknown
    }
    guard attributesInProgress.insert(key).inserted else { return .unknown }
    namedValueDepth += 1
    let value = compute(schema, of: resource, earlier: [:])
    namedValueDepth -= 1
    attributesInProgress.remove(key)
    attributeValues[key] = value
    return value
  }

  /// `earlier`: the attributes of the same identity already computed (an attribute's
  /// `defaultFrom` comes before it in the schema).
  private func compute(_ schema: AttributeSchema, of resource: ResourceDeclaration, earlier: [String: Value]) -> Value {
    if let bound = resource.block.body.attributes[schema.name] {
      return convert(evaluate(bound.expression), to: schema, at: bound.expression.range)
    }
    if let source = schema.defaultFrom {
      return earlier[source] ?? attribute(source, of: resource.address)
    }
    return schema.defaultValue ?? .null
  }

  /// Every identity attribute of `address`, defaults applied (absent optional ones as `null`).
  func identity(of address: ResourceAddress) -> [String: Value] {
    if let done = identities[address] { return done }
    let schemas = address.kind.traits.identityAttributes
    let constants = context.constantAttributes.isEmpty ? [:] : context.constantAttributes[address] ?? [:]
    if constants.count == schemas.count { return constants }
    guard namedValueDepth < Self.maximumNamedValueDepth else {
      reachedDepthLimit = true
      return constants
    }
    guard let resource = configuration.resources[address], identitiesInProgress.insert(address).inserted else {
      return constants
    }
    namedValueDepth += 1
    defer { namedValueDepth -= 1 }
    var result: [String: Value] = [:]
    result.reserveCapacity(schemas.count)
    for index in schemas.indices {
      let name = schemas[index].name
      let value: Value
      if !constants.isEmpty, let constant = constants[name] {
        value = constant
      } else if !attributeValues.isEmpty, let memo = attributeValues[AttributeKey(address: address, name: name)] {
        value = memo
      } else {
        value = compute(schemas[index], of: resource, earlier: result)
      }
      result[name] = value
    }
    identitiesInProgress.remove(address)
    identities[address] = result
    return result
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
  ///
  /// Nodes whose value is already known (a constant local, a resource whose identity was fully
  /// known at load time, anything memoised) are not entered: evaluating them cannot recurse. In
  /// a plan this keeps the walk per resource to its few non-constant dependencies instead of its
  /// whole dependency closure (callgrind, plan of 1,000 groups: `prepare` was 61% of
  /// `evaluateIdentity`).
  func prepare(_ address: ResourceAddress) {
    let root = GraphNode.resource(address)
    guard let rootTargets = context.dependencyEdges[root], !rootTargets.isEmpty else { return }
    // Iterative depth-first post-order: every node after the nodes it references. Each frame
    // keeps its targets, so a node's edges are looked up once.
    var done: Set<GraphNode> = [root]
    var stack: [(node: GraphNode, targets: [(node: GraphNode, range: SourceRange)], next: Int)] = [
      (root, rootTargets, 0)
    ]
    while !stack.isEmpty {
      let last = stack.count - 1
      let next = stack[last].next
      if next >= stack[last].targets.count {
        switch stack.removeLast().node {
        case .local(let name): _ = local(name)
        case .resource(let dependency) where dependency != address: _ = identity(of: dependency)
        default: break
        }
        continue
      }
      stack[last].next = next + 1
      let target = stack[last].targets[next].node
      guard !isKnown(target), done.insert(target).inserted else { continue }
      stack.append((target, context.dependencyEdges[target] ?? [], 0))
    }
  }

  /// Whether `node`'s value is served without evaluating anything (so it cannot recurse).
  private func isKnown(_ node: GraphNode) -> Bool {
    switch node {
    case .local(let name):
      return context.constantLocals[name] != nil || localValues[name] != nil
    case .resource(let address):
      if identities[address] != nil { return true }
      guard let constants = context.constantAttributes[address] else { return false }
      return constants.count == address.kind.traits.identityAttributes.count
    case .output:
      return false
    }
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
      if address.kind.isComputedAttribute(attribute) {
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
