import Foundation
import Synchronization

/// The clock the executor and the providers read and sleep on, injected so tests are fast and
/// deterministic (STYLE.md). Named to stay clear of the standard library's `Clock` protocol.
public protocol ExecutionClock: Sendable {
  /// Wall-clock time. The sim provider writes it into its objects (`ready_at`), so it must be
  /// comparable across processes.
  var now: Date { get }
  /// Sleeps for `duration`; throws `CancellationError` promptly when the task is cancelled.
  func sleep(for duration: Duration) async throws
}

extension ExecutionClock {
  /// Time since `start` on this clock.
  public func elapsed(since start: Date) -> Duration {
    .milliseconds(Int64(saturating: (now.timeIntervalSince(start) * 1000).rounded()))
  }
}

/// The real clock.
public struct SystemClock: ExecutionClock {
  public init() {}
  public var now: Date { Date() }
  public func sleep(for duration: Duration) async throws {
    guard duration > .zero else {
      try Task.checkCancellation()
      return
    }
    try await Task.sleep(for: duration)
  }
}

/// A clock for tests: `sleep(for:)` advances virtual time by the duration and returns at once.
///
/// Concurrent sleepers are serialised (each adds its own duration), so timings are exact only for
/// one flow of sleeps at a time, e.g. one fleet's health wait. Starts at 2026-01-01T00:00:00Z.
public final class VirtualClock: ExecutionClock {
  private let current: Mutex<Date>

  public init(start: Date = Date(timeIntervalSince1970: 1_767_225_600)) {
    current = Mutex(start)
  }

  public var now: Date { current.withLock { $0 } }

  public func advance(by duration: Duration) {
    current.withLock { $0 = $0.addingTimeInterval(duration.timeInterval) }
  }

  public func sleep(for duration: Duration) async throws {
    try Task.checkCancellation()
    if duration > .zero { advance(by: duration) }
    await Task.yield()
    try Task.checkCancellation()
  }
}

extension Duration {
  /// Seconds as a `TimeInterval`.
  package var timeInterval: TimeInterval {
    let parts = components
    return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
  }

  /// Whole milliseconds, rounded down.
  package var wholeMilliseconds: Int64 {
    let parts = components
    return parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
  }
}

extension Int64 {
  /// `value` clamped to Int64's range (NaN as 0). Deadlines come from configured durations, and a
  /// grace period of a few hundred thousand years must give a far-off time, not a trap.
  init(saturating value: Double) {
    if value.isNaN {
      self = 0
    } else if value >= 9.2e18 {
      self = .max
    } else if value <= -9.2e18 {
      self = .min
    } else {
      self = Int64(value)
    }
  }
}
