/// What ``Graph`` needs to evaluate attribute expressions on demand: the module tree and its
/// instances, the bound syntax of every module, the root variables' final values, each module's
/// function library (its file access), the dependency edges, and the locals and resource
/// arguments already fully known at load time.
///
/// A class, immutable once built: every evaluation session (one per identity the planner asks
/// for, on every core) holds it by one reference instead of copying its collections, whose
/// shared reference counts both cores would otherwise keep incrementing.
package final class EvaluationContext: Sendable {
  let tree: ModuleTree
  let expansion: Expansion
  /// The root module's variables.
  let variableValues: [String: Value]
  /// What each module's variables are: by configuration index, by name.
  let moduleVariables: [[String: ModuleVariable]]
  /// By configuration index: `file()` reads relative to the module's directory.
  let functions: [FunctionCaller]
  /// Locals whose value was fully known at load time, by module instance.
  let constantLocals: [ScopedName: Value]
  /// Resource arguments whose value was fully known at load time. Unknown stands for "any
  /// value", so a value known with every computed output unknown is the same whatever the
  /// outputs turn out to be; only the rest is evaluated again when the planner asks.
  let constantAttributes: [ResourceAddress: [String: Value]]
  /// Each configuration's edges (the reference checkers'), by configuration index.
  let edges: [ConfigurationEdges]

  /// The root module's configuration.
  var configuration: Configuration { tree.root }

  /// An empty context (for graphs built by hand in tests).
  package convenience init() {
    self.init(
      tree: ModuleTree(root: Configuration(), directory: "."), expansion: Expansion(), variableValues: [:],
      moduleVariables: [[:]], functions: [FunctionCaller(fileSystem: nil, baseDirectory: ".")], constantLocals: [:],
      edges: [ConfigurationEdges()])
  }

  init(
    tree: ModuleTree, expansion: Expansion, variableValues: [String: Value],
    moduleVariables: [[String: ModuleVariable]],
    functions: [FunctionCaller], constantLocals: [ScopedName: Value],
    constantAttributes: [ResourceAddress: [String: Value]] = [:], edges: [ConfigurationEdges]
  ) {
    self.tree = tree
    self.expansion = expansion
    self.variableValues = variableValues
    self.moduleVariables = moduleVariables
    self.functions = functions
    self.constantLocals = constantLocals
    self.constantAttributes = constantAttributes
    self.edges = edges
  }

  /// The same context with another expansion and constants (the load-time pass's last step).
  func with(
    expansion: Expansion, constantLocals: [ScopedName: Value], constantAttributes: [ResourceAddress: [String: Value]]
  ) -> EvaluationContext {
    EvaluationContext(
      tree: tree, expansion: expansion, variableValues: variableValues, moduleVariables: moduleVariables,
      functions: functions, constantLocals: constantLocals, constantAttributes: constantAttributes, edges: edges)
  }

  /// The configuration of module instance `module`.
  func configuration(ofInstance module: Int) -> Configuration {
    tree.configuration(of: expansion.modules[module].node)
  }

  func edges(ofInstance module: Int) -> ConfigurationEdges {
    edges[tree.nodes[expansion.modules[module].node].configuration]
  }
}

/// One module's reference edges (``ReferenceChecker``).
struct ConfigurationEdges: Sendable {
  var dependencies: [GraphNode: [ReferenceEdge]] = [:]
  /// Call → input name → references.
  var inputs: [String: [String: [ReferenceEdge]]] = [:]
  /// A repeated block's `count` / `for_each` / `enabled` references.
  var repetitions: [GraphNode: [ReferenceEdge]] = [:]
}

/// A name in one module instance (`local.x` of `module.a["k"]`).
struct ScopedName: Sendable, Hashable {
  var module: Int
  var name: String
}

/// A variable of a module: its type, default and sensitivity (the root module's come from
/// ``VariableResolver``; a child module's from its caller's inputs).
struct ModuleVariable: Sendable {
  var type: ValueType
  var defaultValue: Value?
  var isSensitive: Bool
}

/// Where an expression is evaluated: a module instance, and in a repeated block what `each` or
/// `count` are.
struct Scope: Sendable {
  var module: Int
  var repetition: RepetitionBinding?

  static let root = Scope(module: 0, repetition: nil)
}

/// One evaluation pass over a configuration: memoises locals, module variables and outputs, and
/// resource attributes, and reads resources' computed outputs through `outputs` (nil or a missing
/// key means unknown, as in validate mode and for resources being created). Not shared across
/// threads.
final class EvaluationSession: EvaluationEnvironment {
  let context: EvaluationContext
  let outputs: (ResourceAddress) -> ResourceOutputs?
  /// While the instances are being made (``Expander``), the source of module instances and
  /// block keys; nil afterwards (the context's expansion is complete).
  var expander: Expander?
  var diagnostics: [Diagnostic] = []
  /// Where the expression being evaluated is written.
  var scope = Scope.root
  // Session memos. The context's constants are read, never copied: copying a 90,000-entry
  // dictionary on every identity evaluation would make planning quadratic.
  var localValues: [ScopedName: Value] = [:]
  var variableMemo: [ScopedName: Value] = [:]
  var outputMemo: [ScopedName: Value] = [:]
  var identities: [ResourceAddress: [String: Value]] = [:]
  var attributeValues: [AttributeKey: Value] = [:]
  var inProgress: Set<ScopedNode> = []
  var attributesInProgress: Set<AttributeKey> = []
  var identitiesInProgress: Set<ResourceAddress> = []
  /// Named values being evaluated inside one another. Evaluation in dependency order keeps this
  /// small; only a long chain the checker has already reported as a cycle (found by fuzzing:
  /// 5,000 locals each naming the next, the last naming the first) walks the whole chain here,
  /// which overflowed the stack. Past the cap the value stays unknown, as a cycle's does.
  var namedValueDepth = 0
  static let maximumNamedValueDepth = 200
  /// Whether some evaluation stopped at ``maximumNamedValueDepth`` (its value is then unknown):
  /// the caller evaluates again after ``prepare(_:)``, which keeps every chain one level deep.
  var reachedDepthLimit = false

  struct AttributeKey: Hashable {
    var address: ResourceAddress
    var name: String
  }

  init(context: EvaluationContext, outputs: @escaping (ResourceAddress) -> ResourceOutputs?) {
    self.context = context
    self.outputs = outputs
  }

  /// A session that starts with `seed`'s memoised values (not its diagnostics), over `context`
  /// (by default `seed`'s): what it evaluates is what `seed` would have evaluated next, without
  /// repeating what `seed` already did. The load-time pass gives one to each worker thread.
  init(continuing seed: EvaluationSession, context: EvaluationContext? = nil) {
    self.context = context ?? seed.context
    self.outputs = seed.outputs
    self.localValues = seed.localValues
    self.variableMemo = seed.variableMemo
    self.outputMemo = seed.outputMemo
    self.identities = seed.identities
    self.attributeValues = seed.attributeValues
  }

  /// Every local evaluated by this session (for the load-time pass).
  var evaluatedLocals: [ScopedName: Value] { localValues }
  /// Every identity evaluated by this session (for the load-time pass).
  var evaluatedIdentities: [ResourceAddress: [String: Value]] { identities }

  var configuration: Configuration { context.configuration }

  /// Evaluates `expression` in the current scope, collecting its diagnostics in the session.
  func evaluate(_ expression: Expression) -> Value {
    var evaluator = Evaluator(environment: self)
    let value = evaluator.evaluate(expression)
    diagnostics.append(contentsOf: evaluator.diagnostics)
    return value
  }

  /// Evaluates `expression` where it is written: in `scope`.
  func evaluate(_ expression: Expression, in scope: Scope) -> Value {
    let saved = self.scope
    self.scope = scope
    defer { self.scope = saved }
    return evaluate(expression)
  }

  func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

  // MARK: - Instances

  /// The child instances of call `call` in module instance `module`, in key order.
  func moduleInstances(of call: String, in module: Int) -> [Int] {
    if let expander { return expander.callInstances(call, in: module, session: self) }
    return context.expansion.modules[module].children[call] ?? []
  }

  /// The keys of block `block` in module instance `module`.
  func keys(of block: ResourceAddress, in module: Int) -> [InstanceKey?] {
    if let expander { return expander.keys(of: BlockKey(module: module, block: block), session: self) }
    return context.expansion.keys(of: block, in: module, tree: context.tree)
  }

  /// The instance at `address`.
  func instance(_ address: ResourceAddress) -> ResourceInstanceInfo? {
    if let expander { return expander.instance(address, session: self) }
    return context.expansion.instance(address, in: context.tree)
  }

  func moduleInfo(_ module: Int) -> ModuleInstanceInfo {
    if let expander { return expander.expansion.modules[module] }
    return context.expansion.modules[module]
  }

  /// The configuration of module instance `module`.
  func configuration(ofInstance module: Int) -> Configuration {
    context.tree.configuration(of: moduleInfo(module).node)
  }

  // MARK: - Named values

  /// Enters a named value's evaluation; false (the value stays unknown) on a cycle or past the
  /// depth cap.
  func enter(_ node: ScopedNode) -> Bool {
    guard namedValueDepth < Self.maximumNamedValueDepth else {
      reachedDepthLimit = true
      return false
    }
    guard inProgress.insert(node).inserted else { return false }
    namedValueDepth += 1
    return true
  }

  func leave(_ node: ScopedNode) {
    namedValueDepth -= 1
    inProgress.remove(node)
  }

  /// `local.NAME` of the root module.
  func local(_ name: String) -> Value { local(name, in: 0) }

  func local(_ name: String, in module: Int) -> Value {
    let key = ScopedName(module: module, name: name)
    if !context.constantLocals.isEmpty, let value = context.constantLocals[key] { return value }
    if let value = localValues[key] { return value }
    guard let declaration = configuration(ofInstance: module).locals[name] else { return .unknown }
    let node = ScopedNode(module: module, node: .local(name))
    // Cycles are reported by the checker; here they just stay unknown.
    guard enter(node) else { return .unknown }
    let value = evaluate(declaration.attribute.expression, in: Scope(module: module, repetition: nil))
    leave(node)
    localValues[key] = value
    return value
  }

  /// `var.NAME` in module instance `module`: the root's resolved value, or the caller's input
  /// (evaluated where the call is written, with the instance's `each` / `count`), converted to
  /// the variable's type, else its default.
  func variable(_ name: String, in module: Int) -> Value {
    if module == 0 { return context.variableValues[name] ?? .unknown }
    let key = ScopedName(module: module, name: name)
    if let value = variableMemo[key] { return value }
    let info = moduleInfo(module)
    let node = context.tree.nodes[info.node]
    guard let parent = info.parent,
      let declared = context.moduleVariables[node.configuration][name],
      let call = context.tree.call(reaching: info.node)
    else { return .unknown }
    var value: Value
    if let input = call.block.body.attributes[name] {
      let scoped = ScopedNode(module: module, node: .variable(name))
      guard enter(scoped) else { return .unknown }
      let given = evaluate(input.expression, in: Scope(module: parent, repetition: info.repetition))
      leave(scoped)
      value = given
      if !given.isUnknown {
        switch given.converted(to: declared.type) {
        case .success(let converted): value = converted
        case .failure(let error):
          report(.attributeTypeMismatch(name, expected: declared.type, error: error, at: input.expression.range))
          value = .unknown
        }
      }
    } else {
      value = declared.defaultValue ?? .unknown
    }
    value = Value.marked(value, if: declared.isSensitive)
    variableMemo[key] = value
    return value
  }

  /// Output `name` of module instance `module` (a `sensitive` output's value is marked).
  func output(_ name: String, of module: Int) -> Value {
    let key = ScopedName(module: module, name: name)
    if let value = outputMemo[key] { return value }
    guard let output = configuration(ofInstance: module).outputs[name],
      let expression = output.block.body.attributes["value"]
    else { return .unknown }
    let node = ScopedNode(module: module, node: .output(name))
    guard enter(node) else { return .unknown }
    var value = evaluate(expression.expression, in: Scope(module: module, repetition: nil))
    leave(node)
    let isSensitive =
      output.block.body.attributes["sensitive"].map {
        evaluate($0.expression, in: Scope(module: module, repetition: nil)).boolValue ?? false
      } ?? false
    value = Value.marked(value, if: isSensitive)
    outputMemo[key] = value
    return value
  }

  func callFunction(
    _ name: String, nameRange: SourceRange, arguments: [Value], argumentRanges: [SourceRange], expandsFinal: Bool,
    callRange: SourceRange,
    diagnostics: inout [Diagnostic]
  ) -> Value {
    let functions = context.functions[context.tree.nodes[moduleInfo(scope.module).node].configuration]
    return functions.call(
      name, nameRange: nameRange, arguments: arguments, argumentRanges: argumentRanges, expandsFinal: expandsFinal,
      callRange: callRange,
      diagnostics: &diagnostics)
  }
}

/// A named value of one module instance (cycle and depth bookkeeping).
struct ScopedNode: Sendable, Hashable {
  var module: Int
  var node: GraphNode
}
