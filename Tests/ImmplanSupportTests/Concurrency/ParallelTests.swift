import Synchronization
import Testing

@testable import ImmplanSupport

/// Counts live instances, so a test sees every element freed exactly once.
private final class Tracked: Sendable {
  static let live = Atomic<Int>(0)
  let value: Int
  init(_ value: Int) {
    self.value = value
    Tracked.live.add(1, ordering: .relaxed)
  }
  deinit { Tracked.live.subtract(1, ordering: .relaxed) }
}

@Suite(.serialized) struct ParallelTests {
  @Test(arguments: [0, 1, 7, 4096, 10_001])
  func arrayHoldsEveryElementInItsPlace(count: Int) {
    let values = Parallel.array(count: count, minimumChunk: 16) { "item \($0)" }
    #expect(values == (0..<count).map { "item \($0)" })
  }

  @Test func chunksCoverTheRangeInOrder() {
    for count in [0, 1, 5, 1000, 12_345] {
      let pieces = Parallel.chunks(count, minimumChunk: 7, perWorker: 4)
      #expect(pieces.reduce(0) { $0 + $1.count } == count)
      for (previous, next) in zip(pieces, pieces.dropFirst()) { #expect(previous.upperBound == next.lowerBound) }
      #expect(pieces.first?.lowerBound ?? 0 == 0)
    }
  }

  @Test func gatherMovesEveryElementIntoTheGivenOrder() {
    do {
      let sizes = [3, 0, 4, 1]
      var chunks: [ChunkBuffer<Tracked>] = []
      var next = 0
      for size in sizes {
        let chunk = ChunkBuffer<Tracked>(capacity: size)
        for _ in 0..<size {
          chunk.append(Tracked(next))
          next += 1
        }
        chunks.append(chunk)
      }
      #expect(Tracked.live.load(ordering: .relaxed) == 8)
      let order = [7, 0, 3, 6, 1, 5, 2, 4]
      let gathered = ChunkBuffer.gather(chunks, order: order)
      #expect(gathered.map(\.value) == order)
      chunks.removeAll()
      // Moved, not copied: the chunks freed nothing the array still holds.
      #expect(Tracked.live.load(ordering: .relaxed) == 8)
      _ = gathered
    }
    #expect(Tracked.live.load(ordering: .relaxed) == 0)
  }

  @Test func ungatheredChunksFreeTheirElements() {
    do {
      let chunk = ChunkBuffer<Tracked>(capacity: 4)
      chunk.append(Tracked(1))
      chunk.append(Tracked(2))
      #expect(chunk.elements.map(\.value) == [1, 2])
      #expect(Tracked.live.load(ordering: .relaxed) == 2)
    }
    #expect(Tracked.live.load(ordering: .relaxed) == 0)
  }
}
