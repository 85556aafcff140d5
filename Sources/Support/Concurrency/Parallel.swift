import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs independent pieces of work on the machine's cores and returns their results in order,
/// so a caller that merges them in index order gets the same bytes as a serial run.
public enum Parallel {
  /// How many pieces of work run at once: the online processors, or `IMMPLAN_THREADS` when it is
  /// a positive number (`IMMPLAN_THREADS=1` runs everything on the calling thread, for
  /// measurements and to check that parallel and serial runs agree).
  public static let width: Int = {
    if let text = getenv("IMMPLAN_THREADS").map({ String(cString: $0) }), let count = Int(text), count > 0 {
      return min(count, 64)
    }
    return max(1, min(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 64))
  }()

  /// `body(0) ..< body(count)`, run concurrently (each index exactly once), in index order.
  /// Serial when `count` or ``width`` is 1.
  public static func map<T>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    if count <= 1 || width == 1 { return (0..<count).map(body) }
    let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer {
      _ = results.deinitialize()
      results.deallocate()
    }
    let slots = Slots(base: results)
    DispatchQueue.concurrentPerform(iterations: count) { index in
      slots.base[index] = body(index)
    }
    var ordered: [T] = []
    ordered.reserveCapacity(count)
    for index in 0..<count {
      // Every index ran exactly once (concurrentPerform returns after all iterations).
      if let value = results[index] { ordered.append(value) }
    }
    return ordered
  }

  /// `[element(0), ..., element(count - 1)]`, made in contiguous chunks on every core and each
  /// stored straight into its place (no per-chunk arrays to concatenate: no copies).
  public static func array<T>(count: Int, minimumChunk: Int = 1, _ element: @Sendable (Int) -> T) -> [T] {
    let pieces = chunks(count, minimumChunk: minimumChunk)
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
      let base = UncheckedSendable(buffer.baseAddress)
      _ = map(pieces.count) { piece in
        // Each index is initialized exactly once, by the one piece that holds it.
        for index in pieces[piece] { (base.value! + index).initialize(to: element(index)) }
      }
      initialized = count
    }
  }

  /// Splits `0 ..< count` into at most ``width`` × `perWorker` contiguous ranges of nearly equal
  /// size (none when `count` is 0; one when ``width`` is 1), for chunked work whose results are
  /// merged in range order. More than one piece per worker evens out pieces of unequal cost:
  /// ``map(_:_:)`` hands the next piece to whichever worker is free.
  public static func chunks(_ count: Int, minimumChunk: Int = 1, perWorker: Int = 1) -> [Range<Int>] {
    guard count > 0 else { return [] }
    let most = width == 1 ? 1 : width * max(1, perWorker)
    let pieces = max(1, min(most, count / max(1, minimumChunk)))
    var ranges: [Range<Int>] = []
    ranges.reserveCapacity(pieces)
    for piece in 0..<pieces {
      ranges.append((count * piece / pieces)..<(count * (piece + 1) / pieces))
    }
    return ranges
  }

  /// Each slot is written by exactly one iteration and read after all of them finished.
  private struct Slots<T>: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<T?>
  }
}

/// Hands a value that is only read (or used by one thread at a time) across a ``Parallel`` call.
/// The caller guarantees there is no concurrent mutation.
public struct UncheckedSendable<T>: @unchecked Sendable {
  public var value: T
  public init(_ value: T) { self.value = value }
}
