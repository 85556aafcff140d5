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
  static let widths = [Parallel.serial, Parallel(width: 2), Parallel(width: 8)]

  @Test(arguments: [0, 1, 7, 4096, 10_001], widths)
  func arrayHoldsEveryElementInItsPlace(count: Int, parallelism: Parallel) {
    let values = parallelism.array(count: count, minimumChunk: 16, perWorker: 3) { "item \($0)" }
    #expect(values == (0..<count).map { "item \($0)" })
  }

  @Test(arguments: [0, 1, 2, 5, 1000], widths)
  func mapRunsEachIndexOnceInOrder(count: Int, parallelism: Parallel) {
    let calls = Atomic<Int>(0)
    let values = parallelism.map(count) { index in
      calls.add(1, ordering: .relaxed)
      return Tracked(index * 3)
    }
    #expect(values.map(\.value) == (0..<count).map { $0 * 3 })
    #expect(calls.load(ordering: .relaxed) == count)
  }

  @Test(arguments: widths)
  func bothKeepsItsResultsApart(parallelism: Parallel) {
    let (number, text) = parallelism.both({ (1...100).reduce(0, +) }, { String(repeating: "ab", count: 3) })
    #expect(number == 5050)
    #expect(text == "ababab")
  }

  @Test(arguments: [0, 1, 5, 1000, 12_345], widths)
  func chunksCoverTheRangeInOrder(count: Int, parallelism: Parallel) {
    let pieces = parallelism.chunks(count, minimumChunk: 7, perWorker: 4)
    #expect(pieces.reduce(0) { $0 + $1.count } == count)
    for (previous, next) in zip(pieces, pieces.dropFirst()) { #expect(previous.upperBound == next.lowerBound) }
    #expect(pieces.first?.lowerBound ?? 0 == 0)
    #expect(pieces.count <= parallelism.width * 4)
    #expect(pieces.allSatisfy { $0.count >= 7 } || pieces.count == 1 || count == 0)
    if parallelism.width == 1 { #expect(pieces.count == min(count, 1)) }
  }

  @Test func widthIsClampedToOneThroughSixtyFour() {
    #expect(Parallel(width: 0).width == 1)
    #expect(Parallel(width: -3) == .serial)
    #expect(Parallel(width: 1000).width == 64)
    #expect((1...64).contains(Parallel.default.width))
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
