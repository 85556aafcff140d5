/// A binary min-heap of operation indices, ordered by a caller-supplied priority key (the walk
/// uses longest remaining chain first, then operation ID, so the critical path starts early and
/// ties break deterministically).
struct ReadyQueue {
  private var heap: [Int] = []
  private let isBefore: (Int, Int) -> Bool

  init(isBefore: @escaping (Int, Int) -> Bool) { self.isBefore = isBefore }

  var isEmpty: Bool { heap.isEmpty }
  var count: Int { heap.count }

  mutating func push(_ element: Int) {
    heap.append(element)
    var child = heap.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard isBefore(heap[child], heap[parent]) else { break }
      heap.swapAt(child, parent)
      child = parent
    }
  }

  mutating func pop() -> Int? {
    guard !heap.isEmpty else { return nil }
    heap.swapAt(0, heap.count - 1)
    let top = heap.removeLast()
    var parent = 0
    while true {
      let left = 2 * parent + 1
      let right = left + 1
      var first = parent
      if left < heap.count, isBefore(heap[left], heap[first]) { first = left }
      if right < heap.count, isBefore(heap[right], heap[first]) { first = right }
      guard first != parent else { break }
      heap.swapAt(parent, first)
      parent = first
    }
    return top
  }
}
