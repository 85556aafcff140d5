import ImmplanSupport
import Testing

@Suite struct TopologicalOrderTests {
  @Test func dependenciesComeFirstAndTiesByIndex() {
    // 0 ← 3, 1 ← 0, 2 free, 4 ← 1 and 2.
    let (order, cyclic) = TopologicalOrder.order(count: 5, dependencies: [[3], [0], [], [], [1, 2]])
    #expect(order == [2, 3, 0, 1, 4])
    #expect(cyclic.isEmpty)
  }

  @Test func nodesOnOrBehindACycleAreReturnedByIndex() {
    // 1 ↔ 2, and 3 depends on 2; a self-dependency is ignored.
    let (order, cyclic) = TopologicalOrder.order(count: 5, dependencies: [[0], [2], [1], [2], [0]])
    #expect(order == [0, 4])
    #expect(cyclic == [1, 2, 3])
  }

  @Test func heapPopsInOrderWithItsOwnTieBreak() {
    var heap = Heap<(Int, String)>(isBefore: { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 })
    for item in [(1, "b"), (3, "z"), (1, "a"), (2, "c"), (3, "y")] { heap.push(item) }
    var popped: [String] = []
    while let item = heap.pop() { popped.append(item.1) }
    #expect(popped == ["y", "z", "c", "a", "b"])
    var numbers = Heap<Int>()
    for number in [5, 1, 4, 1, 3] { numbers.push(number) }
    #expect(numbers.count == 5)
    #expect([numbers.pop(), numbers.pop(), numbers.pop()] == [1, 1, 3])
  }
}
