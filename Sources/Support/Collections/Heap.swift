/// A binary min-heap ordered by a caller-supplied `isBefore` (a strict weak order): `pop` returns
/// the element no other element is before. Ties come out in no particular order, so callers
/// that need determinism break ties in `isBefore` itself.
public struct Heap<Element> {
  private var items: [Element] = []
  private let isBefore: (Element, Element) -> Bool

  public init(isBefore: @escaping (Element, Element) -> Bool) { self.isBefore = isBefore }

  public var isEmpty: Bool { items.isEmpty }
  public var count: Int { items.count }

  public mutating func push(_ element: Element) {
    items.append(element)
    var child = items.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard isBefore(items[child], items[parent]) else { break }
      items.swapAt(child, parent)
      child = parent
    }
  }

  public mutating func pop() -> Element? {
    guard !items.isEmpty else { return nil }
    items.swapAt(0, items.count - 1)
    let top = items.removeLast()
    var parent = 0
    while true {
      let left = 2 * parent + 1
      let right = left + 1
      var first = parent
      if left < items.count, isBefore(items[left], items[first]) { first = left }
      if right < items.count, isBefore(items[right], items[first]) { first = right }
      guard first != parent else { break }
      items.swapAt(parent, first)
      parent = first
    }
    return top
  }
}

extension Heap where Element: Comparable {
  /// Smallest first.
  public init() { self.init(isBefore: <) }
}
