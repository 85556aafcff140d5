import ImmplanSupport

/// Checks every reference of the configuration against its declarations, and records the edges
/// between locals, resources and outputs for cycle detection and dependency order.
struct ReferenceChecker {
  let configuration: Configuration
  var diagnostics: [Diagnostic] = []
  /// Node (`local.a`, `image.web`, `output.x`) → referenced nodes with the reference's range, in
  /// source order. Only valid references make edges.
  var edges: [GraphNode: [(node: GraphNode, range: SourceRange)]] = [:]
  /// Resources whose arguments some evaluated expression reads (`image.web.source`, or the whole
  /// `image.web`); reading only computed outputs (`image.web.id`) does not count. The graph
  /// builder evaluates these before the rest, which then never needs another resource's value.
  var argumentReferences: Set<ResourceAddress> = []
  /// How widely resources' references are checked in parallel.
  let parallelism: Parallel

  init(configuration: Configuration, parallelism: Parallel) {
    self.configuration = configuration
    self.parallelism = parallelism
  }

  mutating func checkAll() {
    for name in configuration.locals.keys.sorted() {
      check(configuration.locals[name]!.attribute.expression, from: .local(name))
    }
    checkResources()
    for name in configuration.outputs.keys.sorted() {
      checkBody(configuration.outputs[name]!.block.body, from: .output(name))
    }
    for address in configuration.providers.keys.sorted() {
      checkBody(configuration.providers[address]!.body, from: nil, allowResources: false, place: "provider settings")
    }
    if let state = configuration.state {
      checkBody(state.body, from: nil, allowResources: false, allowLocals: false, place: "state backend settings")
    }
  }

  /// Every resource (most of a configuration), on all cores: each resource's references make
  /// only its own node's edges, so chunks are checked apart and merged in a fixed order.
  private mutating func checkResources() {
    // Positions, not copies of 100,000 declarations (copying and freeing them cost more than
    // checking some of them).
    let configuration = self.configuration
    let positions = Array(configuration.resources.indices)
    let pieces = parallelism.chunks(positions.count, minimumChunk: 256)
    let room = edges.count + positions.count
    let chunks = parallelism.map(pieces.count) { piece in
      var checker = ReferenceChecker(configuration: configuration, parallelism: .serial)
      // The first chunk's table becomes the merged one: room for every node, so the merge below
      // adds the other chunks' nodes without growing (and rehashing) it.
      if piece == 0 { checker.edges.reserveCapacity(room) }
      for index in pieces[piece] {
        let declaration = configuration.resources.values[positions[index]]
        checker.checkBody(declaration.block.body, from: .resource(declaration.address))
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
    }
  }

  private mutating func checkBody(
    _ body: BoundBody, from node: GraphNode?, allowResources: Bool = true, allowLocals: Bool = true, place: String = ""
  ) {
    // Attributes by index and blocks in place: binding each one copied it whole (every
    // expression tree of 100,000 resources retained and released once more).
    let attributes = body.attributes
    for index in attributes.indices {
      if attributes[index].name == "replace_triggered_by", let node {
        checkReplaceTriggers(attributes[index].expression, from: node)
        continue
      }
      check(
        attributes[index].expression, from: node, allowResources: allowResources, allowLocals: allowLocals,
        place: place)
    }
    func checkBlocks(_ blocks: [BoundBlock]) {
      for index in blocks.indices {
        checkBody(
          blocks[index].body, from: node, allowResources: allowResources, allowLocals: allowLocals, place: place)
      }
    }
    // Block types in name order; nothing to sort (or allocate) for one type or none.
    if body.blocks.count <= 1 {
      if let only = body.blocks.first { checkBlocks(only.value) }
    } else {
      for type in body.blocks.keys.sorted() { checkBlocks(body.blocks[type]!) }
    }
  }

  /// `replace_triggered_by = [image.web, image.web.id]`: references only, never evaluated.
  private mutating func checkReplaceTriggers(_ expression: Expression, from node: GraphNode) {
    guard case .tuple(let elements) = expression.kind else {
      diagnostics.append(.invalidReplaceTrigger(at: expression.range))
      return
    }
    for element in elements {
      guard let reference = element.matchReference(isShadowed: { _ in false }),
        case .resource = reference
      else {
        diagnostics.append(.invalidReplaceTrigger(at: element.range))
        continue
      }
      if validate(reference, at: element.range), case .resource(let address, _) = reference {
        edges[node, default: []].append((.resource(address), element.range))
      }
    }
  }

  mutating func check(
    _ expression: Expression, from node: GraphNode?, allowResources: Bool = true, allowLocals: Bool = true,
    place: String = ""
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
        default: help = "write `\(root).NAME.ATTRIBUTE`"
        }
        diagnostics.append(.invalidReference("`\(root)` cannot be used on its own", at: range, help: help))
      case .reference(let reference, let range):
        if case .resource = reference, !allowResources {
          diagnostics.append(.referenceNotAllowed("\(place) to resources", at: range))
          continue
        }
        if case .local = reference, !allowLocals {
          diagnostics.append(.referenceNotAllowed("\(place) to local values", at: range))
          continue
        }
        guard validate(reference, at: range), let node else { continue }
        switch reference {
        case .local(let name): edges[node, default: []].append((.local(name), range))
        case .resource(let address, let attribute):
          edges[node, default: []].append((.resource(address), range))
          if attribute.map({ !address.kind.isComputedAttribute($0) }) ?? true {
            argumentReferences.insert(address)
          }
        case .variable: break
        }
      }
    }
  }

  /// True when the reference names something declared; otherwise reports why not.
  private mutating func validate(_ reference: Reference, at range: SourceRange) -> Bool {
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
      guard configuration.resources.index(forKey: address) != nil else {
        let candidates = configuration.resources.keys.map(\.description)
        diagnostics.append(.undeclaredResource(address.description, candidates: candidates, at: range))
        return false
      }
      guard let attribute else { return true }
      let known = ReferenceChecker.referenceable[address.kind]!
      if known.set.contains(attribute) { return true }
      diagnostics.append(
        .unknownResourceAttribute(attribute, of: address.description, candidates: known.names, at: range))
      return false
    }
  }

  /// Computed outputs first, then arguments (identity attributes).
  static func referenceableAttributes(of kind: ResourceKind) -> [String] { referenceable[kind]!.names }

  private static let referenceable: [ResourceKind: (names: [String], set: Set<String>)] = Dictionary(
    uniqueKeysWithValues: ResourceKind.allCases.map { kind in
      let names = kind.computedAttributes + kind.traits.identityAttributes.map(\.name)
      return (kind, (names, Set(names)))
    })

  // MARK: - Cycles

  /// Whether the edges hold any cycle: the walk of ``reportCycles()`` from the nodes in any
  /// order, stopping at the first reference back to a node on the stack.
  func hasCycle() -> Bool {
    var found = false
    walkBackEdges(from: edges.lazy.map { ($0.key, $0.value) }) { _, _, _ in
      found = true
      return false
    }
    return found
  }

  /// Reports every cycle once, as its full path starting from its smallest node
  /// (`local.a -> local.b -> local.a`), at the reference that closes it. Iterative, so long
  /// chains cannot overflow the stack. Returns the nodes on a cycle.
  mutating func reportCycles() -> Set<GraphNode> {
    // Most configurations have no cycle: found out without sorting every node first.
    guard hasCycle() else { return [] }
    var onCycle = Set<GraphNode>()
    var reported = Set<[GraphNode]>()
    var found: [Diagnostic] = []
    let edges = self.edges
    walkBackEdges(from: edges.keys.sorted().map { ($0, edges[$0] ?? []) }) { path, target, range in
      let start = path.firstIndex(of: target)!
      var cycle = Array(path[start...])
      onCycle.formUnion(cycle)
      // Canonical rotation: start from the smallest node, so each cycle is reported once.
      let smallest = cycle.indices.min { cycle[$0] < cycle[$1] }!
      cycle = Array(cycle[smallest...] + cycle[..<smallest])
      if reported.insert(cycle).inserted {
        found.append(.dependencyCycle((cycle + [cycle[0]]).map(\.description), at: range))
      }
      return true
    }
    diagnostics += found
    return onCycle
  }

  /// Iterative depth-first walk from `roots` (each with its edges) in their order, each node
  /// once, calling `backEdge` with the path on the stack for every reference back to a node on
  /// it (a cycle); the walk stops when `backEdge` returns false. Each frame keeps its node's
  /// targets, so every node's edges are looked up once.
  private func walkBackEdges(
    from roots: some Sequence<(GraphNode, [(node: GraphNode, range: SourceRange)])>,
    backEdge: (_ path: [GraphNode], _ target: GraphNode, _ range: SourceRange) -> Bool
  ) {
    var state: [GraphNode: UInt8] = [:]  // 1 = on the stack, 2 = done
    state.reserveCapacity(edges.count)
    var stack: [(node: GraphNode, targets: [(node: GraphNode, range: SourceRange)], next: Int)] = []
    for (root, rootTargets) in roots where state[root] == nil {
      stack.append((root, rootTargets, 0))
      state[root] = 1
      while !stack.isEmpty {
        let last = stack.count - 1
        let next = stack[last].next
        if next >= stack[last].targets.count {
          state[stack.removeLast().node] = 2
          continue
        }
        stack[last].next = next + 1
        let (target, range) = stack[last].targets[next]
        switch state[target] {
        case nil:
          state[target] = 1
          stack.append((target, edges[target] ?? [], 0))
        case 1:
          guard backEdge(stack.map(\.node), target, range) else { return }
        default:
          break
        }
      }
    }
  }
}

extension Dictionary where Key == GraphNode, Value == [(node: GraphNode, range: SourceRange)] {
  /// Appends `targets` to `node`'s edges; a node not yet present takes the array as it is.
  fileprivate mutating func add(_ targets: Value, for node: GraphNode) {
    if let previous = updateValue(targets, forKey: node) { self[node] = previous + targets }
  }
}
