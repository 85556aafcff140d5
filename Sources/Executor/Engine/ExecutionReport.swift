/// The result of ``Executor/run(_:interrupts:)``.
public struct ExecutionReport: Sendable, Hashable {
  public enum Status: Sendable, Hashable {
    case succeeded
    /// At least one operation failed (exit 1).
    case failed
    /// Ctrl-C stopped the apply (exit 130), whether or not something also failed.
    case interrupted
  }

  public var status: Status
  /// Successful operations by ID.
  public var outcomes: [String: OperationOutcome]
  /// Failed operations by ID (each a root cause).
  public var failures: [String: ExecutionFailure]
  /// Operations that never started, by ID.
  public var skipped: [String: SkipReason]
  /// Blue/green rollbacks, sorted by operation ID.
  public var rollbacks: [RollbackRecord]
  /// Wall time of the whole run.
  public var elapsed: Duration

  public init(
    status: Status, outcomes: [String: OperationOutcome], failures: [String: ExecutionFailure],
    skipped: [String: SkipReason], rollbacks: [RollbackRecord], elapsed: Duration
  ) {
    self.status = status
    self.outcomes = outcomes
    self.failures = failures
    self.skipped = skipped
    self.rollbacks = rollbacks
    self.elapsed = elapsed
  }

  /// BRIEF §7: 0, 1 after a failure, 130 after an interrupt.
  public var exitCode: Int32 {
    switch status {
    case .succeeded: 0
    case .failed: 1
    case .interrupted: 130
    }
  }
}
