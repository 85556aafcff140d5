/// Cycles among one module's locals, resources and outputs. (A cycle through module calls, from a
/// module's output back through its inputs, is found when the instances' dependencies are walked.)
extension ReferenceChecker {
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
    from roots: some Sequence<(GraphNode, [ReferenceEdge])>,
    backEdge: (_ path: [GraphNode], _ target: GraphNode, _ range: SourceRange) -> Bool
  ) {
    var state: [GraphNode: UInt8] = [:]  // 1 = on the stack, 2 = done
    state.reserveCapacity(edges.count)
    var stack: [(node: GraphNode, targets: [ReferenceEdge], next: Int)] = []
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
        let target = stack[last].targets[next].node
        let range = stack[last].targets[next].range
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
