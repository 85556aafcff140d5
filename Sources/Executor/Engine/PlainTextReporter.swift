import Foundation
import ImmplanParser
import Synchronization

/// Progress as plain lines (BRIEF §9), for a terminal or a CI log:
///
///     fleet.web: creating immplan-web-g8… waiting for 3/3 healthy instances
///     fleet.web: still creating… (40s, 2/3 healthy)
///     fleet.web: created immplan-web-g8 (1m02s, 3/3 healthy)
///
/// Lines are written whole, one at a time, through `write` (which gets each line with its newline).
public final class PlainTextReporter: ExecutionReporter {
  private let write: Mutex<@Sendable (String) -> Void>

  public init(write: @escaping @Sendable (String) -> Void) {
    self.write = Mutex(write)
  }

  /// Writes to standard output.
  public static func standardOutput() -> PlainTextReporter {
    PlainTextReporter { line in FileHandle.standardOutput.write(Data(line.utf8)) }
  }

  public func report(_ event: ExecutionEvent) {
    guard let line = Self.line(for: event) else { return }
    write.withLock { $0(line + "\n") }
  }

  /// The line for one event, or nil for events that print nothing. Pure.
  public static func line(for event: ExecutionEvent) -> String? {
    switch event {
    case .started(let operation):
      let prefix = "\(operation.address): "
      switch operation.action {
      case .create(let request):
        guard let gate = request.healthGate else { return prefix + "creating \(request.plannedName)…" }
        return prefix + "creating \(request.plannedName)… waiting for \(gate.desiredCapacity)/\(gate.desiredCapacity) "
          + "healthy instances"
      case .destroy(_, let plannedName): return prefix + "destroying \(plannedName)…"
      case .waitHealthy(_, let plannedName, let gate):
        return prefix
          + "waiting for \(gate.desiredCapacity)/\(gate.desiredCapacity) healthy instances of \(plannedName)…"
      case .recordSettings: return nil
      case .promote(let object, _, _): return prefix + "making retained \(object.plannedName) current again…"
      }

    case .stillWaiting(let operation, let elapsed, let health):
      let verb =
        switch operation.action {
        case .create: "still creating…"
        case .destroy: "still destroying…"
        case .waitHealthy, .recordSettings, .promote: "still waiting…"
        }
      var details = [elapsed.displayText]
      if let health {
        details.append("\(health.healthy)/\(health.desired) healthy")
        if health.phase == .grace { details.append("grace period") }
        if health.phase == .baking { details.append("baking") }
      }
      return "\(operation.address): \(verb) (\(details.joined(separator: ", ")))"

    case .retrying(let operation, let attempt, let error, let delay):
      return "\(operation.address): \(error); retrying in \(delay.displayText) (attempt \(attempt + 1))"

    case .finished(let operation, let elapsed, let outcome):
      let prefix = "\(operation.address): "
      switch outcome {
      case .created(let object, let health):
        if let health {
          return prefix
            + "created \(object.cloudID) (\(elapsed.displayText), \(health.healthy)/\(health.desired) healthy)"
        }
        return prefix + "created \(object.cloudID) (\(elapsed.displayText))"
      case .destroyed(_, let plannedName):
        return prefix + "destroyed \(plannedName) (\(elapsed.displayText))"
      case .healthy(_, let plannedName, let health):
        return prefix
          + "\(plannedName) is healthy (\(elapsed.displayText), \(health.healthy)/\(health.desired) healthy)"
      case .settingsRecorded:
        return prefix + "settings recorded"
      case .promoted(let object):
        return prefix
          + "\(object.plannedName) (\(object.cloudID)) is current again, nothing built (\(elapsed.displayText))"
      }

    case .failed(let operation, let elapsed, let failure):
      return "\(operation.address): failed to \(verb(operation)) after \(elapsed.displayText): \(failure)"

    case .skipped(let operation, let reason):
      guard operation.plannedName != nil else { return nil }
      let what = "\(operation.address): not \(gerund(operation))"
      switch reason {
      case .dependencyFailed(_, let address): return "\(what), because \(address) failed"
      case .stoppedAfterFailure: return "\(what) (apply stopped after a failure)"
      case .interrupted: return "\(what) (interrupted)"
      }

    case .rolledBack(let record):
      let name = record.object.plannedName
      switch record.result {
      case .destroyed:
        let kept = record.kept.map { ", kept \($0)" } ?? ""
        return "\(record.address): rolled back: destroyed \(name)\(kept), because \(record.reason)"
      case .failed(let failure):
        return "\(record.address): rollback failed: could not destroy \(name) (\(failure)); the next plan replaces it"
      case .notRun:
        return "\(record.address): rollback of \(name) did not run (interrupted); the next plan replaces it"
      }

    case .interruptReceived(let count):
      return count == 1
        ? "Interrupt received: finishing running operations; press Ctrl-C again to stop waiting"
        : "Interrupt received again: stopping now"
    }
  }

  private static func verb(_ operation: ExecutionOperation) -> String {
    switch operation.action {
    case .create(let request): "create \(request.plannedName)"
    case .destroy(_, let plannedName): "destroy \(plannedName)"
    case .waitHealthy(_, let plannedName, _): "wait for \(plannedName) to be healthy"
    case .recordSettings: "record settings"
    case .promote(let object, _, _): "make \(object.plannedName) current again"
    }
  }

  private static func gerund(_ operation: ExecutionOperation) -> String {
    switch operation.action {
    case .create(let request): "creating \(request.plannedName)"
    case .destroy(_, let plannedName): "destroying \(plannedName)"
    case .waitHealthy(_, let plannedName, _): "waiting for \(plannedName)"
    case .recordSettings: "recording settings"
    case .promote(let object, _, _): "making \(object.plannedName) current again"
    }
  }
}
