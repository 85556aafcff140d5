/// Elements built piece by piece on several threads (one buffer per piece), then gathered into
/// one array in any order by moving them, not copying them: at 100,000 resources a copy and the
/// release of the original were tens of milliseconds of serial work for each gathering.
///
/// ```swift
/// let pieces = parallelism.map(ranges.count) { piece in
///   let buffer = ChunkBuffer<Resource>(capacity: ranges[piece].count)
///   for index in ranges[piece] { buffer.append(build(index)) }
///   return buffer
/// }
/// let all = ChunkBuffer.gather(pieces, order: order)   // order: a permutation of 0..<total
/// ```
///
/// A buffer is filled by one thread, then handed over (it is `Sendable` for that hand-over only)
/// and gathered once.
public final class ChunkBuffer<Element>: @unchecked Sendable {
  private let base: UnsafeMutablePointer<Element>
  private let capacity: Int
  /// Elements appended so far.
  public private(set) var count = 0
  /// Set once the elements have been moved out: they are then no longer this buffer's to free.
  private var isGathered = false

  public init(capacity: Int) {
    self.capacity = max(0, capacity)
    base = UnsafeMutablePointer<Element>.allocate(capacity: self.capacity)
  }

  deinit {
    if !isGathered { base.deinitialize(count: count) }
    base.deallocate()
  }

  public func append(_ element: consuming Element) {
    precondition(count < capacity, "ChunkBuffer is full")
    (base + count).initialize(to: element)
    count += 1
  }

  /// A copy of the elements, in order (the buffer keeps its own).
  public var elements: [Element] {
    precondition(!isGathered, "ChunkBuffer already gathered")
    return Array(UnsafeBufferPointer(start: base, count: count))
  }

  /// Every element of `chunks` moved into one array: element `k` is the element at position
  /// `order[k]` of the chunks' concatenation. `order` must name each position exactly once, and
  /// each chunk is gathered at most once.
  public static func gather(_ chunks: [ChunkBuffer<Element>], order: [Int]) -> [Element] {
    var starts: [Int] = []
    starts.reserveCapacity(chunks.count)
    var total = 0
    for chunk in chunks {
      precondition(!chunk.isGathered, "ChunkBuffer already gathered")
      starts.append(total)
      total += chunk.count
    }
    precondition(order.count == total, "gather order must name every element")
    var seen = [Bool](repeating: false, count: total)
    for position in order {
      precondition(position >= 0 && position < total && !seen[position], "gather order must be a permutation")
      seen[position] = true
    }
    let gathered = [Element](unsafeUninitializedCapacity: total) { out, initialized in
      for (target, position) in order.enumerated() {
        // The chunk holding `position`: the last one starting at or before it.
        var low = 0
        var high = starts.count - 1
        while low < high {
          let middle = (low + high + 1) / 2
          if starts[middle] <= position { low = middle } else { high = middle - 1 }
        }
        (out.baseAddress! + target).moveInitialize(from: chunks[low].base + (position - starts[low]), count: 1)
      }
      initialized = total
    }
    for chunk in chunks { chunk.isGathered = true }
    return gathered
  }
}
