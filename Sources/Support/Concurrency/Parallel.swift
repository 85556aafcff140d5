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
///
/// A value, not a global: every entry point that goes parallel (`Frontend.load`, `Planner.plan`,
/// plan and state encoding) takes one and hands it down, so a test can run the same work at
/// width 1 and at width 8 and compare the results byte for byte. The command line uses
/// ``default`` (`IMMPLAN_THREADS`, else every core).
///
/// ```swift
/// let parallelism = Parallel(width: 4)
/// let pieces = parallelism.chunks(items.count, minimumChunk: 256)
/// let results = parallelism.map(pieces.count) { piece in work(pieces[piece]) }   // in piece order
/// let (sorted, checked) = parallelism.both({ names.sorted() }, { check(graph) })
/// ```
public struct Parallel: Sendable, Hashable, CustomStringConvertible {
  /// How many pieces a job is cut into (``chunks(_:minimumChunk:perWorker:)``), 1 through 64.
  /// 1 runs everything on the calling thread. The pieces run on Dispatch's pool, which has one
  /// thread per core, so a width above the core count cuts finer without adding threads.
  public let width: Int

  /// `width` clamped to 1 ... 64.
  public init(width: Int) {
    self.width = Swift.min(Swift.max(width, 1), 64)
  }

  /// Everything on the calling thread.
  public static let serial = Parallel(width: 1)

  /// What the command line runs with: `IMMPLAN_THREADS` when it is a positive number
  /// (`IMMPLAN_THREADS=1` runs everything on the calling thread, for measurements), else the
  /// online processors. Read once per process.
  public static let `default`: Parallel = {
    if let text = getenv("IMMPLAN_THREADS").map({ String(cString: $0) }), let count = Int(text), count > 0 {
      return Parallel(width: count)
    }
    return Parallel(width: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
  }()

  public var description: String { "Parallel(width: \(width))" }

  /// `[body(0), ..., body(count - 1)]`, run concurrently (each index exactly once), in index
  /// order. Serial when `count` or ``width`` is 1.
  public func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    if count <= 1 || width == 1 { return (0..<count).map(body) }
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
      let destination = Destination(base: buffer.baseAddress!)
      // Safe: iteration `index` is the only writer of element `index`, and each element is
      // initialized exactly once; `concurrentPerform` returns only after every iteration has
      // finished, so the array is complete (and its writes visible) before it is returned. `T`
      // is Sendable, so values made on a worker may be used on this thread. A trap in `body`
      // ends the process, so no partly initialized array is ever seen.
      DispatchQueue.concurrentPerform(iterations: count) { index in
        (destination.base + index).initialize(to: body(index))
      }
      initialized = count
    }
  }

  /// `(first(), second())`, the two run side by side (one after the other at width 1): for two
  /// independent jobs of a similar size.
  public func both<A: Sendable, B: Sendable>(_ first: @Sendable () -> A, _ second: @Sendable () -> B) -> (A, B) {
    if width == 1 { return (first(), second()) }
    let results = map(2) { part -> OneOf<A, B> in part == 0 ? .first(first()) : .second(second()) }
    guard case .first(let a) = results[0], case .second(let b) = results[1] else {
      preconditionFailure("Parallel.map keeps index order")
    }
    return (a, b)
  }

  /// `[element(0), ..., element(count - 1)]`, made in contiguous pieces
  /// (``chunks(_:minimumChunk:perWorker:)``) run concurrently, each element stored straight into
  /// its place (no per-piece arrays to concatenate: no copies).
  public func array<T: Sendable>(
    count: Int, minimumChunk: Int = 1, perWorker: Int = 1, _ element: @Sendable (Int) -> T
  ) -> [T] {
    let pieces = chunks(count, minimumChunk: minimumChunk, perWorker: perWorker)
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
      guard let base = buffer.baseAddress else { return }
      let destination = Destination(base: base)
      // Safe: the pieces cover `0 ..< count` without overlap, so each element is initialized
      // exactly once, by the one piece that holds it; ``map(_:_:)`` returns after every piece.
      _ = map(pieces.count) { piece in
        for index in pieces[piece] { (destination.base + index).initialize(to: element(index)) }
      }
      initialized = count
    }
  }

  /// Splits `0 ..< count` into at most ``width`` × `perWorker` contiguous ranges of nearly equal
  /// size, none shorter than `minimumChunk` unless there is only one (none when `count` is 0; one
  /// when ``width`` is 1), for chunked work whose results are merged in range order. More than
  /// one piece per worker evens out pieces of unequal cost: ``map(_:_:)`` hands the next piece to
  /// whichever worker is free.
  public func chunks(_ count: Int, minimumChunk: Int = 1, perWorker: Int = 1) -> [Range<Int>] {
    guard count > 0 else { return [] }
    let most = width == 1 ? 1 : width * Swift.max(1, perWorker)
    let pieces = Swift.max(1, Swift.min(most, count / Swift.max(1, minimumChunk)))
    var ranges: [Range<Int>] = []
    ranges.reserveCapacity(pieces)
    for piece in 0..<pieces {
      ranges.append((count * piece / pieces)..<(count * (piece + 1) / pieces))
    }
    return ranges
  }

  /// Where concurrent iterations write their results: each writes only its own elements (the
  /// proofs are at the two uses), so sharing the pointer is safe.
  private struct Destination<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
  }
}

/// One of two results of ``Parallel/both(_:_:)``.
private enum OneOf<A, B> {
  case first(A)
  case second(B)
}

extension OneOf: Sendable where A: Sendable, B: Sendable {}

/// Hands a value that is not `Sendable` across a ``Parallel`` call when every thread only reads
/// it (a class whose memo tables each worker copies before writing, for example). The caller
/// guarantees there is no concurrent mutation; values that are `Sendable` need no wrapper.
public struct UncheckedSendable<T>: @unchecked Sendable {
  public var value: T
  public init(_ value: T) { self.value = value }
}
