import ImmplanSupport

/// The dependency walks of the load-time pass: evaluation orders and each node's resources.
extension GraphBuilder {
  /// Locals and resources, dependencies before dependants (iterative depth-first post-order from
  /// the sorted nodes; nodes on a cycle come in some order, their cycle already reported).
  /// `sortedAddresses` are the resources' addresses in order.
  func evaluationOrder(sortedAddresses: [ResourceAddress]) -> [GraphNode] {
    // Resources sort before locals (`fleet.`, `image.`, `launch_template.` < `local.`), and
    // among themselves as their addresses do.
    let roots = sortedAddresses.map { GraphNode.resource($0) } + configuration.locals.keys.sorted().map { .local($0) }
    return postOrder(from: roots) { _ in true }
  }

  /// Depth-first post-order from `roots` in their order, following only edges to nodes for which
  /// `follows` is true; each node once. Iterative: no configuration can overflow the stack.
  func postOrder(from roots: [GraphNode], following follows: (GraphNode) -> Bool) -> [GraphNode] {
    var done = Set<GraphNode>()
    done.reserveCapacity(roots.count)
    var order: [GraphNode] = []
    order.reserveCapacity(roots.count)
    // Each frame keeps its node's targets, so every node's edges are looked up once.
    var stack: [(node: GraphNode, targets: [(node: GraphNode, range: SourceRange)], next: Int)] = []
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

  /// Without cycles: the locals and the resources whose arguments are read, dependencies first
  /// (depth-first post-order from the sorted nodes, following only edges to such nodes: an edge
  /// to any other resource is a computed output, never evaluated here). Each value then depends
  /// only on values computed before it, so any such order gives the same values as the walk over
  /// every node, at the cost of the few nodes involved instead of all of them.
  func serialPassOrder() -> [GraphNode] {
    let roots =
      argumentReferences.sorted().map { GraphNode.resource($0) } + configuration.locals.keys.sorted().map { .local($0) }
    func isInPass(_ node: GraphNode) -> Bool {
      switch node {
      case .local: true
      case .resource(let address): argumentReferences.contains(address)
      case .output: false
      }
    }
    return postOrder(from: roots, following: isInPass)
  }

  /// Locals that reference a resource directly or through other locals.
  func findLocalsReachingResources() -> Set<String> {
    var reaching: Set<String> = []
    var referencedBy: [String: [String]] = [:]
    var pending: [String] = []
    for (node, targets) in edges {
      guard case .local(let name) = node else { continue }
      for (target, _) in targets {
        switch target {
        case .resource: if reaching.insert(name).inserted { pending.append(name) }
        case .local(let other): referencedBy[other, default: []].append(name)
        case .output: break
        }
      }
    }
    while let name = pending.popLast() {
      for source in referencedBy[name] ?? [] where reaching.insert(source).inserted { pending.append(source) }
    }
    return reaching
  }

  /// Resources `node` depends on: referenced directly, or through locals (transitively).
  func resourceDependencies(of node: GraphNode) -> [ResourceAddress] {
    guard let direct = edges[node] else { return [] }
    var result: [ResourceAddress] = []
    var throughLocals = false
    for (target, _) in direct {
      switch target {
      case .resource(let address): result.append(address)
      case .local(let name): if localsReachingResources.contains(name) { throughLocals = true }
      case .output: break
      }
    }
    if throughLocals {
      var visited: Set<GraphNode> = [node]
      var pending = direct.map(\.node).filter {
        if case .local = $0 { return visited.insert($0).inserted } else { return false }
      }
      while let current = pending.popLast() {
        for (target, _) in edges[current] ?? [] {
          switch target {
          case .resource(let address): result.append(address)
          case .local: if visited.insert(target).inserted { pending.append(target) }
          case .output: break
          }
        }
      }
    }
    if result.count > 1 { result = Array(Set(result)).sorted() }
    return result
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
