/// Kahn's algorithm over nodes `0..<count`: every node after the nodes it depends on, and among
/// the nodes ready at any moment the smallest index first, so the order is deterministic and,
/// where the dependencies allow, the order of the indices.
public enum TopologicalOrder {
  /// `dependencies[i]`: the nodes `i` depends on, each once (a node listed for itself is
  /// ignored). Returns the order of the nodes not on a cycle, and the nodes on (or behind) a
  /// cycle by index.
  public static func order(count: Int, dependencies: [[Int]]) -> (order: [Int], cyclic: [Int]) {
    precondition(dependencies.count == count, "one dependency list per node")
    var remaining = [Int](repeating: 0, count: count)
    var dependants = [[Int]](repeating: [], count: count)
    for (index, nodes) in dependencies.enumerated() {
      for dependency in nodes where dependency != index {
        remaining[index] += 1
        dependants[dependency].append(index)
      }
    }
    var ready = Heap<Int>()
    for index in 0..<count where remaining[index] == 0 { ready.push(index) }
    var order: [Int] = []
    order.reserveCapacity(count)
    while let index = ready.pop() {
      order.append(index)
      for dependant in dependants[index] {
        remaining[dependant] -= 1
        if remaining[dependant] == 0 { ready.push(dependant) }
      }
    }
    guard order.count < count else { return (order, []) }
    return (order, (0..<count).filter { remaining[$0] > 0 })
  }
}
