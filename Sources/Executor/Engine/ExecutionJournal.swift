import Synchronization

/// Where the executor records progress so that a crash at any instant leaves nothing the state
/// does not know about. The state engineer's journal (group commit) implements this.
///
/// Protocol, per operation: ``intent(_:)`` before the first provider call (the call is not made
/// if it throws), then ``outcome(_:_:)`` after each call. The executor may journal an intent
/// ahead of the call, while the operation waits for a parallelism slot; if the run stops before
/// the call is made, the outcome is `.notStarted`. A fleet create has two outcomes:
/// `.created` once the object exists, then `.healthy` or `.failed`. A blue/green rollback is its
/// own `.destroy` operation with ID `<create id>#rollback`, journaled the same way. An intent
/// without a final outcome (or with `.failed(_, objectMayExist: true)`) is what crash recovery
/// resolves by planned name (``Recovery``).
public protocol ExecutionJournal: Sendable {
  /// Must be durable when it returns: the provider call follows.
  func intent(_ operation: ExecutionOperation) async throws
  /// May return before the outcome is durable, provided outcomes and intents stay in call order
  /// (an intent made durable later makes every earlier outcome durable too) and ``flush()``
  /// waits for them. A crash in between loses nothing: recovery finds the object by name.
  func outcome(_ operation: ExecutionOperation, _ result: JournalResult) async throws
  /// Waits until everything recorded so far is durable. The executor calls it at the end of a run.
  func flush() async throws
}

extension ExecutionJournal {
  public func flush() async throws {}
}

public enum JournalResult: Sendable, Hashable {
  /// The object exists (a fleet may still have its health gate to pass).
  case created(CreatedObject)
  /// The fleet passed its health gate (after `.created`, or for `.waitHealthy`).
  case healthy(HealthReport)
  case destroyed
  case settingsRecorded
  /// The retained generation was confirmed and is current again.
  case promoted(CreatedObject)
  /// The call failed. `objectMayExist`: the object may have been created or not destroyed
  /// (transient failure, cancellation): resolve it by planned name.
  case failed(ExecutionFailure, objectMayExist: Bool)
  /// The intent was journaled, but the run stopped (a failure elsewhere, an interrupt) before the
  /// provider was called: nothing was created or destroyed.
  case notStarted
}

/// A journal in memory, for tests and dry runs. Keeps every entry in order.
public final class InMemoryJournal: ExecutionJournal {
  public enum Entry: Sendable, Hashable {
    case intent(ExecutionOperation)
    case outcome(ExecutionOperation, JournalResult)
  }

  private let storage = Mutex<[Entry]>([])
  public init() {}

  public var entries: [Entry] { storage.withLock { $0 } }

  public func intent(_ operation: ExecutionOperation) async throws {
    storage.withLock { $0.append(.intent(operation)) }
  }

  public func outcome(_ operation: ExecutionOperation, _ result: JournalResult) async throws {
    storage.withLock { $0.append(.outcome(operation, result)) }
  }

  /// Operations whose intent has no final outcome, or whose failure left the object uncertain,
  /// in journal order: the input of ``Recovery``.
  public var unresolved: [ExecutionOperation] {
    var open: [String: ExecutionOperation] = [:]
    var order: [String] = []
    for entry in entries {
      switch entry {
      case .intent(let operation):
        if open[operation.id] == nil { order.append(operation.id) }
        open[operation.id] = operation
      case .outcome(let operation, let result):
        switch result {
        case .created:
          // A fleet with a health gate is not done until `.healthy` or `.failed`.
          if case .create(let request) = operation.action, request.healthGate != nil { continue }
          open[operation.id] = nil
        case .failed(_, let objectMayExist):
          if !objectMayExist { open[operation.id] = nil }
        case .destroyed:
          open[operation.id] = nil
          // A completed rollback settles the create it undid.
          if operation.id.hasSuffix(Executor.rollbackSuffix) {
            open[String(operation.id.dropLast(Executor.rollbackSuffix.count))] = nil
          }
        case .healthy, .settingsRecorded, .notStarted, .promoted:
          open[operation.id] = nil
        }
      }
    }
    return order.compactMap { open[$0] }
  }
}
