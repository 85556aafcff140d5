import ImmplanSupport

/// The dependency walks of the load-time pass: the root module's evaluation orders, and the
/// resource instances every instance, local, module variable and output depends on.
extension GraphBuilder {
  /// Root locals and resources, dependencies before dependants (iterative depth-first post-order
  /// from the sorted nodes; nodes on a cycle come in some order, their cycle already reported).
  /// `sortedAddresses` are the root blocks' addresses in order.
  func evaluationOrder(sortedAddresses: [ResourceAddress]) -> [GraphNode] {
    // Resources sort before locals (`fleet.`, `image.`, `launch_template.` < `local.`), and
    // among themselves as their addresses do.
    let roots = sortedAddresses.map { GraphNode.resource($0) } + configuration.locals.keys.sorted().map { .local($0) }
    return postOrder(from: roots) { _ in true }
  }

  /// Depth-first post-order from `roots` in their order, following only edges to nodes for which
  /// `follows` is true; each node once. Iterative: no configuration can overflow the stack.
  func postOrder(from roots: [GraphNode], following follows: (GraphNode) -> Bool) -> [GraphNode] {
    let edges = rootEdges
    var done = Set<GraphNode>()
    done.reserveCapacity(roots.count)
    var order: [GraphNode] = []
    order.reserveCapacity(roots.count)
    // Each frame keeps its node's targets, so every node's edges are looked up once.
    var stack: [(node: GraphNode, targets: [ReferenceEdge], next: Int)] = []
    for root in roots where done.insert(root).inserted {
      stack.append((root, edges[root] ?? [], 0))
      while !stack.isEmpty {
        let last = stack.count - 1
        let next = stack[last].next
        if next >= stack[last].targets.count {
          order.append(stack.removeLast().node)
          continue
        }
        stack[last].next = next + 1
        let target = stack[last].targets[next].node
        if follows(target), done.insert(target).inserted { stack.append((target, edges[target] ?? [], 0)) }
      }
    }
    return order
  }

  /// Without cycles: the root locals and the root resources whose arguments are read,
  /// dependencies first (depth-first post-order from the sorted nodes, following only edges to
  /// such nodes: an edge to any other resource is a computed output, never evaluated here). Each
  /// value then depends only on values computed before it, so any such order gives the same
  /// values as the walk over every node, at the cost of the few nodes involved.
  func serialPassOrder() -> [GraphNode] {
    let roots =
      argumentReferences.sorted().map { GraphNode.resource($0) } + configuration.locals.keys.sorted().map { .local($0) }
    func isInPass(_ node: GraphNode) -> Bool {
      switch node {
      case .local: true
      case .resource(let address): argumentReferences.contains(address)
      case .output, .moduleCall, .variable, .eachValue: false
      }
    }
    return postOrder(from: roots, following: isInPass)
  }

  // MARK: - Instances

  /// The resource instances the instance at `address` depends on, sorted: each resource it
  /// references (through locals, module variables and outputs too), as exactly as the reference
  /// allows — `image.web[each.key]` one instance, `image.web` all of them.
  mutating func dependencies(
    of address: ResourceAddress, instance: ResourceInstanceInfo, session: EvaluationSession
  ) -> [ResourceAddress] {
    let edges = session.context.edges(ofInstance: instance.module)
    let node = GraphNode.resource(instance.declaration)
    var result: [ResourceAddress] = []
    collect(
      edges.dependencies[node] ?? [], in: Scope(module: instance.module, repetition: instance.repetition),
      into: &result, session: session)
    // `each.value` read again when asked (its collection holds values known only after apply):
    // everything the collection references.
    if case .each(_, .deferred)? = instance.repetition {
      collect(
        edges.repetitions[node] ?? [], in: Scope(module: instance.module, repetition: nil), into: &result,
        session: session)
    }
    result.removeAll { $0 == address }
    if result.count > 1 { result = Array(Set(result)).sorted() }
    return result
  }

  /// The resource instances an output of the root module depends on.
  mutating func dependencies(ofOutput name: String, session: EvaluationSession) -> [ResourceAddress] {
    let result = dependencies(of: ScopedNode(module: 0, node: .output(name)), session: session)
    return result.count > 1 ? Array(Set(result)).sorted() : result
  }

  /// The instances `edges` (written in `scope`) lead to.
  private mutating func collect(
    _ edges: [ReferenceEdge], in scope: Scope, into result: inout [ResourceAddress], session: EvaluationSession
  ) {
    let module = scope.module
    for edge in edges {
      switch edge.node {
      case .resource(let block):
        let path = session.moduleInfo(module).path
        if let keyExpression = edge.key, let key = instanceKey(keyExpression, of: block, in: scope, session: session) {
          result.append(ResourceAddress(module: path, kind: block.kind, name: block.name, key: key))
          continue
        }
        for key in session.keys(of: block, in: module) {
          result.append(ResourceAddress(module: path, kind: block.kind, name: block.name, key: key))
        }
      case .local(let name):
        result += dependencies(of: ScopedNode(module: module, node: .local(name)), session: session)
      case .variable(let name):
        if module != 0 {
          result += dependencies(of: ScopedNode(module: module, node: .variable(name)), session: session)
        }
      case .moduleCall(let call):
        var children = session.moduleInstances(of: call, in: module)
        if let keyExpression = edge.key {
          let declaration = session.configuration(ofInstance: module).moduleCalls[call]
          let value = session.evaluate(keyExpression, in: scope)
          if let key = session.instanceKey(value, repetition: RepetitionMode(declaration?.repetition), at: edge.range) {
            children = children.filter { session.moduleInfo($0).repetition?.key == key }
          }
        }
        for child in children {
          let outputs = edge.output.map { [$0] } ?? session.configuration(ofInstance: child).outputs.keys.sorted()
          for output in outputs {
            result += dependencies(of: ScopedNode(module: child, node: .output(output)), session: session)
          }
        }
      case .eachValue:
        guard case .each(_, let value)? = scope.repetition else { continue }
        switch value {
        case .resourceInstance(let address): result.append(address)
        case .moduleInstance(let child):
          for output in session.configuration(ofInstance: child).outputs.keys.sorted() {
            result += dependencies(of: ScopedNode(module: child, node: .output(output)), session: session)
          }
        case .value, .deferred: break
        }
      case .output:
        break
      }
    }
  }

  /// The key of an instance reference when it is known at load time (`each.key`, a literal),
  /// nil otherwise (the reference then depends on every instance).
  private func instanceKey(
    _ expression: Expression, of block: ResourceAddress, in scope: Scope, session: EvaluationSession
  ) -> InstanceKey? {
    let declaration = session.configuration(ofInstance: scope.module).resources[block]
    let reported = session.diagnostics.count
    defer { session.diagnostics.removeSubrange(reported...) }  // reported where the value is evaluated
    let value = session.evaluate(expression, in: scope)
    return session.instanceKey(value, repetition: RepetitionMode(declaration?.repetition), at: expression.range)
  }

  /// What a local, a module variable or an output depends on, walked once per module instance.
  /// The named values it reaches are walked first, iteratively (dependencies first), so that a
  /// chain of thousands of locals cannot overflow the stack: each node's own walk then finds
  /// every named value it reads already done. A cycle through module calls (an output that
  /// reaches, through the module's inputs, back to itself) is reported here; each module's own
  /// cycles were reported by its checker.
  private mutating func dependencies(of node: ScopedNode, session: EvaluationSession) -> [ResourceAddress] {
    if let done = dependencyMemo[node] { return done }
    var onStack: [ScopedNode: Int] = [node: 0]
    var stack: [(node: ScopedNode, children: [ScopedNode], next: Int)] = [
      (node, namedValues(readBy: node, session: session), 0)
    ]
    while !stack.isEmpty {
      let last = stack.count - 1
      let next = stack[last].next
      if next < stack[last].children.count {
        stack[last].next = next + 1
        let child = stack[last].children[next]
        if dependencyMemo[child] != nil { continue }
        if let start = onStack[child] {
          let cycle = stack[start...].map(\.node) + [child]
          if !cycle.allSatisfy({ $0.module == child.module }), let range = range(of: child, session: session) {
            diagnostics.append(.dependencyCycle(cycle.map { describe($0, session: session) }, at: range))
          }
          continue
        }
        onStack[child] = stack.count
        stack.append((child, namedValues(readBy: child, session: session), 0))
        continue
      }
      let done = stack.removeLast().node
      onStack[done] = nil
      // Every named value it reads is done (or on a cycle, reported): one level deep.
      dependencyMemo[done] = []
      dependencyMemo[done] = directDependencies(of: done, session: session)
    }
    return dependencyMemo[node] ?? []
  }

  /// The instances a named value's own edges lead to (named values it reads from the memo).
  private mutating func directDependencies(of node: ScopedNode, session: EvaluationSession) -> [ResourceAddress] {
    var result: [ResourceAddress] = []
    let edges = session.context.edges(ofInstance: node.module)
    switch node.node {
    case .local, .output:
      collect(
        edges.dependencies[node.node] ?? [], in: Scope(module: node.module, repetition: nil), into: &result,
        session: session)
    case .variable(let name):
      let info = session.moduleInfo(node.module)
      if let parent = info.parent, let call = session.context.tree.nodes[info.node].callName {
        let parentEdges = session.context.edges(ofInstance: parent)
        collect(
          parentEdges.inputs[call]?[name] ?? [], in: Scope(module: parent, repetition: info.repetition), into: &result,
          session: session)
        if case .each(_, .deferred)? = info.repetition {
          collect(
            parentEdges.repetitions[.moduleCall(call)] ?? [], in: Scope(module: parent, repetition: nil),
            into: &result, session: session)
        }
      }
    case .resource, .moduleCall, .eachValue:
      break
    }
    if result.count > 1 { result = Array(Set(result)) }
    return result
  }

  /// The locals, module variables and outputs a named value's edges lead to.
  private func namedValues(readBy node: ScopedNode, session: EvaluationSession) -> [ScopedNode] {
    let edges = session.context.edges(ofInstance: node.module)
    var targets: [(edges: [ReferenceEdge], module: Int, repetition: RepetitionBinding?)] = []
    switch node.node {
    case .local, .output:
      targets.append((edges.dependencies[node.node] ?? [], node.module, nil))
    case .variable(let name):
      let info = session.moduleInfo(node.module)
      if let parent = info.parent, let call = session.context.tree.nodes[info.node].callName {
        let parentEdges = session.context.edges(ofInstance: parent)
        targets.append((parentEdges.inputs[call]?[name] ?? [], parent, info.repetition))
        targets.append((parentEdges.repetitions[.moduleCall(call)] ?? [], parent, nil))
      }
    case .resource, .moduleCall, .eachValue:
      break
    }
    var result: [ScopedNode] = []
    for (list, module, repetition) in targets {
      for edge in list {
        switch edge.node {
        case .local: result.append(ScopedNode(module: module, node: edge.node))
        case .variable where module != 0: result.append(ScopedNode(module: module, node: edge.node))
        case .moduleCall(let call):
          for child in session.moduleInstances(of: call, in: module) {
            let outputs = edge.output.map { [$0] } ?? session.configuration(ofInstance: child).outputs.keys.sorted()
            result += outputs.map { ScopedNode(module: child, node: .output($0)) }
          }
        case .eachValue:
          if case .each(_, .moduleInstance(let child))? = repetition {
            result += session.configuration(ofInstance: child).outputs.keys.sorted().map {
              ScopedNode(module: child, node: .output($0))
            }
          }
        default: break
        }
      }
    }
    return result
  }

  private func describe(_ node: ScopedNode, session: EvaluationSession) -> String {
    let path = session.moduleInfo(node.module).path
    return (path.isRoot ? "" : path.description + ".") + node.node.description
  }

  /// Where a node is declared, for a cycle's diagnostic.
  private func range(of node: ScopedNode, session: EvaluationSession) -> SourceRange? {
    let configuration = session.configuration(ofInstance: node.module)
    switch node.node {
    case .local(let name): return configuration.locals[name]?.attribute.nameRange
    case .output(let name): return configuration.outputs[name]?.block.labels.first?.range
    case .variable(let name): return configuration.variables[name]?.block.labels.first?.range
    default: return nil
    }
  }

  /// The position of `address` in the sorted `addresses` (binary search), nil when absent.
  static func position(of address: ResourceAddress, in addresses: [ResourceAddress]) -> Int? {
    var low = 0
    var high = addresses.count
    while low < high {
      let middle = (low + high) / 2
      if addresses[middle] < address { low = middle + 1 } else { high = middle }
    }
    return low < addresses.count && addresses[low] == address ? low : nil
  }
}
