import ImmplanParser

/// Progress of an apply, as the executor reports it. Events of different operations interleave;
/// each operation gets exactly one terminal event (`finished`, `failed` or `skipped`).
public enum ExecutionEvent: Sendable, Hashable {
  case started(ExecutionOperation)
  /// Periodic, while a call or a health wait is running. `health` is the latest check of a fleet.
  case stillWaiting(ExecutionOperation, elapsed: Duration, health: HealthProgress?)
  case retrying(ExecutionOperation, attempt: Int, error: ProviderError, delay: Duration)
  case finished(ExecutionOperation, elapsed: Duration, outcome: OperationOutcome)
  case failed(ExecutionOperation, elapsed: Duration, failure: ExecutionFailure)
  case skipped(ExecutionOperation, reason: SkipReason)
  /// A blue/green rollback finished (or could not run).
  case rolledBack(RollbackRecord)
  /// Ctrl-C number `count` arrived (1: finishing running operations; 2: stopping waits now).
  case interruptReceived(count: Int)
}

/// The successful result of one operation.
public enum OperationOutcome: Sendable, Hashable {
  /// `health` is set for fleets that passed a health gate.
  case created(CreatedObject, health: HealthReport?)
  case destroyed(cloudID: String, plannedName: String)
  case healthy(cloudID: String, plannedName: String, HealthReport)
  case settingsRecorded
  /// A retained generation became current again (nothing was built).
  case promoted(CreatedObject)
}

/// Why an operation never started. Reported once per operation, never as an error of its own
/// (STYLE.md: the root cause is reported once).
public enum SkipReason: Sendable, Hashable {
  /// A dependency (directly or further up) failed: the root failed operation's ID and address.
  case dependencyFailed(operationID: String, address: ResourceAddress)
  /// Another operation failed and the apply stopped starting new work.
  case stoppedAfterFailure
  /// Ctrl-C.
  case interrupted
}

/// A blue/green rollback: the new object that failed its health gate and was destroyed.
public struct RollbackRecord: Sendable, Hashable {
  public enum Result: Sendable, Hashable {
    case destroyed
    /// The rollback destroy failed; the object is left for the next plan.
    case failed(ExecutionFailure)
    /// A second Ctrl-C stopped the apply before the rollback ran.
    case notRun
  }
  public var operationID: String
  public var address: ResourceAddress
  public var object: CreatedObject
  /// Display: the object that stays in service.
  public var kept: String?
  /// Why the new object was rolled back.
  public var reason: ExecutionFailure
  public var result: Result

  public init(
    operationID: String, address: ResourceAddress, object: CreatedObject, kept: String?, reason: ExecutionFailure,
    result: Result
  ) {
    self.operationID = operationID
    self.address = address
    self.object = object
    self.kept = kept
    self.reason = reason
    self.result = result
  }
}

/// Receives progress events. Called from many tasks at once: implementations must be thread-safe
/// and fast (no blocking I/O beyond writing a line).
public protocol ExecutionReporter: Sendable {
  func report(_ event: ExecutionEvent)
}

/// Discards events.
public struct SilentReporter: ExecutionReporter {
  public init() {}
  public func report(_ event: ExecutionEvent) {}
}
