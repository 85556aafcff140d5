import ImmplanSupport

/// What the checker of a module knows of a module one of its calls loads.
struct CalledModule: Sendable {
  var variables: [String: VariableDeclaration]
  var outputs: Set<String>
}

/// How a block repeats: what `each` and `count` mean in its body.
enum RepetitionMode: Sendable, Hashable {
  case count
  case forEach
  case enabled

  init?(_ syntax: RepetitionSyntax?) {
    switch syntax {
    case .count?: self = .count
    case .forEach?: self = .forEach
    case .enabled?: self = .enabled
    case nil: return nil
    }
  }
}

/// Checks every reference of one module's configuration against its declarations, and records
/// the edges between its locals, resources, outputs and module calls, for cycle detection and
/// for every instance's dependencies.
struct ReferenceChecker {
  let configuration: Configuration
  /// The module each call loads (a call whose module did not load is missing: references to it
  /// are not checked further, its loading error says why).
  let calls: [String: CalledModule]
  var diagnostics: [Diagnostic] = []
  /// Node (`local.a`, `image.web`, `output.x`) → referenced nodes, in source order. Only valid
  /// references make edges. Module calls and variables are targets only.
  var edges: [GraphNode: [ReferenceEdge]] = [:]
  /// Each module call's inputs: call → input name → its references.
  var inputEdges: [String: [String: [ReferenceEdge]]] = [:]
  /// Each repeated block's `count`, `for_each` or `enabled` expression: its references.
  var repetitionEdges: [GraphNode: [ReferenceEdge]] = [:]
  /// Resources whose arguments some evaluated expression reads (`image.web.source`, or the whole
  /// `image.web`); reading only computed outputs (`image.web.id`) does not count. The graph
  /// builder evaluates these before the rest, which then never needs another resource's value.
  var argumentReferences: Set<ResourceAddress> = []
  /// How widely resources' references are checked in parallel.
  let parallelism: Parallel
  /// Where the references found go.
  private enum Sink {
    case node(GraphNode)
    case input(call: String, name: String)
    case repetition(GraphNode)
    case nowhere
  }

  init(configuration: Configuration, calls: [String: CalledModule] = [:], parallelism: Parallel) {
    self.configuration = configuration
    self.calls = calls
    self.parallelism = parallelism
  }

  mutating func checkAll() {
    for name in configuration.locals.keys.sorted() {
      check(configuration.locals[name]!.attribute.expression, into: .node(.local(name)), repetition: nil)
    }
    checkResources()
    for name in configuration.moduleCalls.keys.sorted() { checkCall(configuration.moduleCalls[name]!) }
    for name in configuration.outputs.keys.sorted() {
      checkBody(configuration.outputs[name]!.block.body, into: .node(.output(name)), repetition: nil)
    }
    for address in configuration.providers.keys.sorted() {
      checkBody(
        configuration.providers[address]!.body, into: .nowhere, repetition: nil, allowResources: false,
        place: "provider settings")
    }
    if let state = configuration.state {
      checkBody(
        state.body, into: .nowhere, repetition: nil, allowResources: false, allowLocals: false,
        place: "state backend settings")
    }
  }

  /// Every resource (most of a configuration), on all cores: each resource's references make
  /// only its own node's edges, so chunks are checked apart and merged in a fixed order.
  private mutating func checkResources() {
    // Positions, not copies of 100,000 declarations (copying and freeing them cost more than
    // checking some of them).
    let configuration = self.configuration
    let calls = self.calls
    let positions = Array(configuration.resources.indices)
    let pieces = parallelism.chunks(positions.count, minimumChunk: 256)
    let room = edges.count + positions.count
    let chunks = parallelism.map(pieces.count) { piece in
      var checker = ReferenceChecker(configuration: configuration, calls: calls, parallelism: .serial)
      // The first chunk's table becomes the merged one: room for every node, so the merge below
      // adds the other chunks' nodes without growing (and rehashing) it.
      if piece == 0 { checker.edges.reserveCapacity(room) }
      for index in pieces[piece] {
        let declaration = configuration.resources.values[positions[index]]
        let node = GraphNode.resource(declaration.address)
        checker.checkBody(
          declaration.block.body, into: .node(node), repetition: RepetitionMode(declaration.repetition),
          isResource: true)
      }
      return checker
    }
    guard let first = chunks.first else { return }
    // Every chunk's nodes are its own resources, and the edges so far are the locals': the
    // tables share no node, so merging them only moves arrays.
    var merged = first.edges
    for (node, targets) in edges { merged.add(targets, for: node) }
    for chunk in chunks.dropFirst() {
      for (node, targets) in chunk.edges { merged.add(targets, for: node) }
    }
    edges = merged
    for chunk in chunks {
      diagnostics.append(contentsOf: chunk.diagnostics)
      argumentReferences.formUnion(chunk.argumentReferences)
      for (node, targets) in chunk.repetitionEdges { repetitionEdges[node] = targets }
    }
  }

  /// A `module` block: its repetition, its inputs against the module's variables, its
  /// `providers` map.
  private mutating func checkCall(_ call: ModuleCallDeclaration) {
    let node = GraphNode.moduleCall(call.name)
    let repetition = RepetitionMode(call.repetition)
    if let syntax = call.repetition {
      check(syntax.expression, into: .repetition(node), repetition: nil)
    }
    inputEdges[call.name] = [:]
    for input in call.inputs {
      check(input.expression, into: .input(call: call.name, name: input.name), repetition: repetition)
    }
    if let providers = call.block.body.attributes["providers"] { checkProviderMap(providers.expression) }
    guard let module = calls[call.name] else { return }
    let given = Set(call.inputs.map(\.name))
    for input in call.inputs where module.variables[input.name] == nil {
      diagnostics.append(
        .undeclaredModuleInput(
          input.name, module: call.name, candidates: Array(module.variables.keys), at: input.nameRange))
    }
    for name in module.variables.keys.sorted() where !given.contains(name) {
      if module.variables[name]!.block.body.attributes["default"] == nil {
        diagnostics.append(.missingModuleInput(name, module: call.name, at: call.block.headerRange))
      }
    }
  }

  /// `providers = { aws = aws.eu, "aws.west" = aws.us }`: keys and values name provider
  /// configurations (the expansion resolves them against the declared ones).
  private mutating func checkProviderMap(_ expression: Expression) {
    guard case .object(let items) = expression.kind else {
      diagnostics.append(.invalidProviderReference("`providers`", at: expression.range))
      return
    }
    for item in items {
      if ProviderReference.address(of: item.key) == nil {
        diagnostics.append(.invalidProviderReference("each key of `providers`", at: item.key.range))
      }
      if ProviderReference.address(of: item.value) == nil {
        diagnostics.append(.invalidProviderReference("each value of `providers`", at: item.value.range))
      }
    }
  }

  private mutating func checkBody(
    _ body: BoundBody, into sink: Sink, repetition: RepetitionMode?, isResource: Bool = false,
    inLifecycle: Bool = false, allowResources: Bool = true, allowLocals: Bool = true, place: String = ""
  ) {
    // Attributes by index and blocks in place: binding each one copied it whole (every
    // expression tree of 100,000 resources retained and released once more).
    let attributes = body.attributes
    for index in attributes.indices {
      let name = attributes[index].name
      if isResource, case .node(let node) = sink {
        switch name {
        case "replace_triggered_by" where inLifecycle:
          checkReplaceTriggers(attributes[index].expression, from: node)
          continue
        case "provider" where !inLifecycle:
          if ProviderReference.address(of: attributes[index].expression) == nil {
            diagnostics.append(.invalidProviderReference("`provider`", at: attributes[index].expression.range))
          }
          continue
        case "count" where !inLifecycle, "for_each" where !inLifecycle, "enabled" where inLifecycle:
          check(attributes[index].expression, into: .repetition(node), repetition: nil)
          continue
        default: break
        }
      }
      check(
        attributes[index].expression, into: sink, repetition: repetition, allowResources: allowResources,
        allowLocals: allowLocals, place: place)
    }
    func checkBlocks(_ blocks: [BoundBlock], type: String) {
      for index in blocks.indices {
        checkBody(
          blocks[index].body, into: sink, repetition: repetition, isResource: isResource,
          inLifecycle: type == "lifecycle", allowResources: allowResources, allowLocals: allowLocals, place: place)
      }
    }
    // Block types in name order; nothing to sort (or allocate) for one type or none.
    if body.blocks.count <= 1 {
      if let only = body.blocks.first { checkBlocks(only.value, type: only.key) }
    } else {
      for type in body.blocks.keys.sorted() { checkBlocks(body.blocks[type]!, type: type) }
    }
  }

  /// `replace_triggered_by = [image.web, image.web.id]`: references only, never evaluated.
  private mutating func checkReplaceTriggers(_ expression: Expression, from node: GraphNode) {
    guard case .tuple(let elements) = expression.kind else {
      diagnostics.append(.invalidReplaceTrigger(at: expression.range))
      return
    }
    for element in elements {
      let reference = element.matchReference(isShadowed: { _ in false })
      switch reference {
      case .resource(let address, _)?:
        if validate(reference!, repetition: nil, at: element.range) {
          edges[node, default: []].append(ReferenceEdge(node: .resource(address), range: element.range))
        }
      case .resourceInstance(let address, let key, _)?:
        if validate(reference!, repetition: repetition(of: node), at: element.range) {
          edges[node, default: []].append(ReferenceEdge(node: .resource(address), range: element.range, key: key))
        }
      default:
        diagnostics.append(.invalidReplaceTrigger(at: element.range))
      }
    }
  }

  private mutating func check(
    _ expression: Expression, into sink: Sink, repetition: RepetitionMode?, allowResources: Bool = true,
    allowLocals: Bool = true, place: String = ""
  ) {
    for found in ReferenceWalker.names(in: expression) {
      switch found {
      case .unknownName(let name, let range):
        diagnostics.append(.unknownVariableInExpression(name, candidates: Array(referenceRoots), at: range))
      case .incomplete(let root, let range):
        let help: String
        switch root {
        case "var": help = "write `var.NAME`"
        case "local": help = "write `local.NAME`"
        case "module": help = "write `module.NAME.OUTPUT`"
        case "each": help = "write `each.key` or `each.value`"
        case "count": help = "write `count.index`"
        default: help = "write `\(root).NAME.ATTRIBUTE`"
        }
        diagnostics.append(.invalidReference("`\(root)` cannot be used on its own", at: range, help: help))
      case .reference(let reference, let range):
        switch reference {
        case .resource, .resourceInstance, .module, .moduleInstance:
          if !allowResources {
            diagnostics.append(.referenceNotAllowed("\(place) to resources", at: range))
            continue
          }
        case .local:
          if !allowLocals {
            diagnostics.append(.referenceNotAllowed("\(place) to local values", at: range))
            continue
          }
        case .variable, .eachKey, .eachValue, .countIndex: break
        }
        guard validate(reference, repetition: repetition, at: range) else { continue }
        guard let edge = ReferenceChecker.edge(for: reference, at: range) else { continue }
        switch sink {
        case .node(let node): edges[node, default: []].append(edge)
        case .input(let call, let name): inputEdges[call, default: [:]][name, default: []].append(edge)
        case .repetition(let node): repetitionEdges[node, default: []].append(edge)
        case .nowhere: break
        }
        switch reference {
        case .resource(let address, let attribute), .resourceInstance(let address, _, let attribute):
          if attribute.map({ !address.kind.isComputedAttribute($0) }) ?? true { argumentReferences.insert(address) }
        default: break
        }
      }
    }
  }

  /// The edge a valid reference makes (`each.key` and `count.index` make none: they are known
  /// for every instance).
  private static func edge(for reference: Reference, at range: SourceRange) -> ReferenceEdge? {
    switch reference {
    case .local(let name): ReferenceEdge(node: .local(name), range: range)
    case .variable(let name): ReferenceEdge(node: .variable(name), range: range)
    case .resource(let address, _): ReferenceEdge(node: .resource(address), range: range)
    case .resourceInstance(let address, let key, _): ReferenceEdge(node: .resource(address), range: range, key: key)
    case .module(let name, let output): ReferenceEdge(node: .moduleCall(name), range: range, output: output)
    case .moduleInstance(let name, let key, let output):
      ReferenceEdge(node: .moduleCall(name), range: range, key: key, output: output)
    case .eachValue: ReferenceEdge(node: .eachValue, range: range)
    case .eachKey, .countIndex: nil
    }
  }

  /// True when the reference names something declared; otherwise reports why not.
  private mutating func validate(_ reference: Reference, repetition: RepetitionMode?, at range: SourceRange) -> Bool {
    switch reference {
    case .variable(let name):
      // `index(forKey:)`: whether it is declared, without copying the declaration.
      if configuration.variables.index(forKey: name) != nil { return true }
      diagnostics.append(.undeclaredVariable(name, candidates: Array(configuration.variables.keys), at: range))
      return false
    case .local(let name):
      if configuration.locals.index(forKey: name) != nil { return true }
      diagnostics.append(.undeclaredLocal(name, candidates: Array(configuration.locals.keys), at: range))
      return false
    case .resource(let address, let attribute):
      guard let index = configuration.resources.index(forKey: address) else { return undeclared(address, at: range) }
      let blockRepetition = RepetitionMode(configuration.resources.values[index].repetition)
      if attribute != nil, let mode = blockRepetition, mode != .enabled {
        diagnostics.append(
          .missingInstanceKey(address.description, repetition: mode == .count ? "count" : "for_each", at: range))
        return false
      }
      return validateAttribute(attribute, of: address, at: range)
    case .resourceInstance(let address, _, let attribute):
      guard let index = configuration.resources.index(forKey: address) else { return undeclared(address, at: range) }
      let blockRepetition = RepetitionMode(configuration.resources.values[index].repetition)
      guard blockRepetition == .count || blockRepetition == .forEach else {
        diagnostics.append(
          .invalidReference(
            "`\(address)` has no `count` or `for_each`: it has no instance keys", at: range,
            help: "write `\(address)` without an index"))
        return false
      }
      return validateAttribute(attribute, of: address, at: range)
    case .module(let name, let output), .moduleInstance(let name, _, let output):
      guard let call = configuration.moduleCalls[name] else {
        diagnostics.append(.undeclaredModuleCall(name, candidates: Array(configuration.moduleCalls.keys), at: range))
        return false
      }
      let callRepetition = RepetitionMode(call.repetition)
      if case .moduleInstance = reference, callRepetition != .count, callRepetition != .forEach {
        diagnostics.append(
          .invalidReference(
            "`module.\(name)` has no `count` or `for_each`: it has no instance keys", at: range,
            help: "write `module.\(name)` without an index"))
        return false
      }
      if case .module = reference, output != nil, let mode = callRepetition, mode != .enabled {
        diagnostics.append(
          .missingInstanceKey("module.\(name)", repetition: mode == .count ? "count" : "for_each", at: range))
        return false
      }
      guard let output, let module = calls[name] else { return true }
      if module.outputs.contains(output) { return true }
      diagnostics.append(
        .undeclaredModuleOutput(output, module: name, candidates: Array(module.outputs), at: range))
      return false
    case .eachKey, .eachValue:
      if repetition == .forEach { return true }
      diagnostics.append(.repetitionOutsideRepeatedBlock(reference.text, needs: "for_each", at: range))
      return false
    case .countIndex:
      if repetition == .count { return true }
      diagnostics.append(.repetitionOutsideRepeatedBlock("count.index", needs: "count", at: range))
      return false
    }
  }

  /// The repetition of the resource at `node` (what `each` means in its trigger keys).
  private func repetition(of node: GraphNode) -> RepetitionMode? {
    guard case .resource(let address) = node else { return nil }
    return RepetitionMode(configuration.resources[address]?.repetition)
  }

  private mutating func undeclared(_ address: ResourceAddress, at range: SourceRange) -> Bool {
    let candidates = configuration.resources.keys.map(\.description)
    diagnostics.append(.undeclaredResource(address.description, candidates: candidates, at: range))
    return false
  }

  private mutating func validateAttribute(_ attribute: String?, of address: ResourceAddress, at range: SourceRange)
    -> Bool
  {
    guard let attribute else { return true }
    let known = ReferenceChecker.referenceable[address.kind]!
    if known.set.contains(attribute) { return true }
    diagnostics.append(
      .unknownResourceAttribute(attribute, of: address.description, candidates: known.names, at: range))
    return false
  }

  /// Computed outputs first, then arguments (identity attributes).
  static func referenceableAttributes(of kind: ResourceKind) -> [String] { referenceable[kind]!.names }

  private static let referenceable: [ResourceKind: (names: [String], set: Set<String>)] = Dictionary(
    uniqueKeysWithValues: ResourceKind.allCases.map { kind in
      let names = kind.computedAttributes + kind.traits.identityAttributes.map(\.name)
      return (kind, (names, Set(names)))
    })
}

extension Dictionary where Key == GraphNode, Value == [ReferenceEdge] {
  /// Appends `targets` to `node`'s edges; a node not yet present takes the array as it is.
  fileprivate mutating func add(_ targets: Value, for node: GraphNode) {
    if let previous = updateValue(targets, forKey: node) { self[node] = previous + targets }
  }
}
