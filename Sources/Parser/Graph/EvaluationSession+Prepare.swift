/// Evaluating a resource's dependencies first, for chains of references too deep to evaluate by
/// recursion.
extension EvaluationSession {
  /// Evaluates everything the instance at `address` depends on within its module instance
  /// (transitively), dependencies first, so that evaluating the instance itself finds them
  /// memoised: no reference chain recurses deeper than one level, however long it is.
  ///
  /// Nodes whose value is already known (a constant local, a resource whose identity was fully
  /// known at load time, anything memoised) are not entered: evaluating them cannot recurse. In
  /// a plan this keeps the walk per resource to its few non-constant dependencies instead of its
  /// whole dependency closure. References across modules (a module's outputs, a module's
  /// inputs) are evaluated on demand: a module tree is at most ``ModuleLoader/maximumDepth`` deep.
  func prepare(_ address: ResourceAddress) {
    guard let instance = instance(address) else { return }
    let module = instance.module
    let path = moduleInfo(module).path
    let edges = context.edges(ofInstance: module).dependencies
    let root = GraphNode.resource(instance.declaration)
    guard let rootTargets = edges[root], !rootTargets.isEmpty else { return }
    // Iterative depth-first post-order: every node after the nodes it references. Each frame
    // keeps its targets, so a node's edges are looked up once.
    var done: Set<GraphNode> = [root]
    var stack: [(node: GraphNode, targets: [ReferenceEdge], next: Int)] = [(root, rootTargets, 0)]
    while !stack.isEmpty {
      let last = stack.count - 1
      let next = stack[last].next
      if next >= stack[last].targets.count {
        switch stack.removeLast().node {
        case .local(let name):
          _ = local(name, in: module)
        case .resource(let block) where block != instance.declaration:
          for key in keys(of: block, in: module) {
            _ = identity(of: ResourceAddress(module: path, kind: block.kind, name: block.name, key: key))
          }
        default: break
        }
        continue
      }
      stack[last].next = next + 1
      let target = stack[last].targets[next].node
      guard !isKnown(target, in: module, path: path), done.insert(target).inserted else { continue }
      stack.append((target, edges[target] ?? [], 0))
    }
  }

  /// Whether `node`'s value is served without evaluating anything (so it cannot recurse).
  private func isKnown(_ node: GraphNode, in module: Int, path: ModuleInstancePath) -> Bool {
    switch node {
    case .local(let name):
      let key = ScopedName(module: module, name: name)
      return context.constantLocals[key] != nil || localValues[key] != nil
    case .resource(let block):
      let address = ResourceAddress(module: path, kind: block.kind, name: block.name)
      guard block.key == nil, keys(of: block, in: module) == [nil] else { return false }
      if identities[address] != nil { return true }
      guard let constants = context.constantAttributes[address] else { return false }
      return constants.count == address.kind.traits.identityAttributes.count
    case .output, .moduleCall, .variable, .eachValue:
      return true
    }
  }
}
