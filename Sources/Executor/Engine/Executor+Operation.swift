import Foundation
import ImmplanParser
import Synchronization

/// What one operation's task hands back to the walk.
struct OperationResult: Sendable {
  var elapsed: Duration
  var outcome: Result<OperationOutcome, ExecutionFailure>
  /// The object that exists after the operation (created, even if its health gate failed).
  var object: CreatedObject?
  /// The object failed its health gate and should be destroyed (blue/green rollback).
  var needsRollback = false
}

extension Executor {
  /// Makes `operation` ready to run: fills the identity values known only now (from `inputs`, the
  /// outputs of its direct dependencies) and journals its intent, durable when this returns. The
  /// walk does this ahead of time, while the operation waits for a parallelism slot, so that the
  /// provider call starts the moment a slot frees (see ``Walk``). Returns the operation as it will
  /// run (the journal saw exactly this identity), or why it cannot run.
  func prepare(_ operation: ExecutionOperation, inputs: [ResourceAddress: [String: Value]]) async -> Result<
    ExecutionOperation, ExecutionFailure
  > {
    var operation = operation
    if case .create(var request) = operation.action,
      request.identity.values.contains(where: \.containsUnknown)
        || request.knownOutputs.values.contains(where: \.containsUnknown)
    {
      guard let resolveIdentity else {
        return .failure(.identity(message: "`\(operation.address)` has identity values not known yet"))
      }
      switch resolveIdentity(operation, request, inputs) {
      case .success(let resolved): request = resolved
      case .failure(let error): return .failure(.identity(message: error.message))
      }
      operation.action = .create(request)
    }
    if let failure = await record(intent: operation) { return .failure(failure) }
    return .success(operation)
  }

  /// Runs one prepared operation (``prepare(_:inputs:)``): provider call(s) with retries, then
  /// journal outcome(s). While it runs, `board` (the walk's progress ticker) knows about it.
  func perform(_ operation: ExecutionOperation, board: ProgressBoard? = nil) async -> OperationResult {
    let start = clock.now
    let health = HealthBox()
    board?.begin(operation, start: start, health: health)
    var result = await execute(operation, health: health)
    board?.end(operation)
    result.elapsed = clock.elapsed(since: start)
    return result
  }

  /// An operation whose intent was journaled but which never started (the run stopped first).
  func abandon(_ operation: ExecutionOperation) async {
    _ = await record(operation, .notStarted)
  }

  private func execute(_ operation: ExecutionOperation, health: HealthBox) async -> OperationResult {
    var context = ProviderContext(address: operation.address, operationID: operation.id, binding: operation.binding)
    if case .create(let request) = operation.action {
      context.mayReuseExisting = request.mayReuseExisting
      context.healthGate = request.healthGate
    }
    func failed(_ failure: ExecutionFailure, object: CreatedObject? = nil, rollback: Bool = false) -> OperationResult {
      OperationResult(elapsed: .zero, outcome: .failure(failure), object: object, needsRollback: rollback)
    }
    switch operation.action {
    case .recordSettings:
      if let failure = await record(operation, .settingsRecorded) { return failed(failure) }
      return OperationResult(elapsed: .zero, outcome: .success(.settingsRecorded))

    case .create(let request):
      let object: CreatedObject
      do {
        object = try await retrying(operation) { () async throws(ProviderError) -> CreatedObject in
          try await provider.create(
            operation.address.kind, plannedName: request.plannedName, identity: request.identity,
            knownOutputs: request.knownOutputs, context: context)
        }
      } catch {
        let mayExist: Bool = if case .permanent = error { false } else { true }
        let failure = ExecutionFailure.provider(error)
        return failed(await record(operation, .failed(failure, objectMayExist: mayExist)) ?? failure)
      }
      if let failure = await record(operation, .created(object)) { return failed(failure, object: object) }
      guard let gate = request.healthGate else {
        return OperationResult(elapsed: .zero, outcome: .success(.created(object, health: nil)), object: object)
      }
      do {
        let report = try await provider.waitUntilHealthy(
          fleetID: object.cloudID, plannedName: object.plannedName, gate: gate, context: context, clock: clock,
          progress: { health.update($0) })
        if let failure = await record(operation, .healthy(report)) { return failed(failure, object: object) }
        return OperationResult(elapsed: .zero, outcome: .success(.created(object, health: report)), object: object)
      } catch {
        let failure = ExecutionFailure.provider(error)
        let journalFailure = await record(operation, .failed(failure, objectMayExist: true))
        return failed(journalFailure ?? failure, object: object, rollback: request.rollbackOnFailure)
      }

    case .destroy(let cloudID, let plannedName):
      do {
        try await retrying(operation) { () async throws(ProviderError) in
          // No cloud ID: a pending object from an interrupted apply; find it by its planned name.
          var target = cloudID
          if target.isEmpty {
            guard
              let found = try await provider.find(operation.address.kind, plannedName: plannedName, context: context)
            else { return }
            target = found.cloudID
          }
          try await provider.destroy(
            operation.address.kind, cloudID: target, plannedName: plannedName, context: context)
        }
      } catch {
        let failure = ExecutionFailure.provider(error)
        return failed(await record(operation, .failed(failure, objectMayExist: true)) ?? failure)
      }
      if let failure = await record(operation, .destroyed) { return failed(failure) }
      return OperationResult(elapsed: .zero, outcome: .success(.destroyed(cloudID: cloudID, plannedName: plannedName)))

    case .promote(let object, _, let identity):
      guard !object.cloudID.isEmpty else {
        return failed(.identity(message: "the plan names no retained object to make current at `\(operation.address)`"))
      }
      do {
        let found = try await retrying(operation) { () async throws(ProviderError) -> ReadResult in
          try await provider.read(operation.address.kind, cloudID: object.cloudID, identity: identity, context: context)
        }
        switch found {
        case .matches: break
        case .missing:
          let failure = ExecutionFailure.provider(
            .permanent(code: "RetainedGenerationGone", message: "`\(object.plannedName)` no longer exists"))
          return failed(await record(operation, .failed(failure, objectMayExist: false)) ?? failure)
        case .drifted(let reasons):
          let failure = ExecutionFailure.provider(
            .permanent(
              code: "RetainedGenerationAltered",
              message: "`\(object.plannedName)` was altered: " + reasons.joined(separator: "; ")))
          return failed(await record(operation, .failed(failure, objectMayExist: false)) ?? failure)
        }
      } catch {
        let failure = ExecutionFailure.provider(error)
        return failed(await record(operation, .failed(failure, objectMayExist: false)) ?? failure)
      }
      if let failure = await record(operation, .promoted(object)) { return failed(failure) }
      return OperationResult(elapsed: .zero, outcome: .success(.promoted(object)), object: object)

    case .waitHealthy(let cloudID, let plannedName, let gate):
      do {
        let report = try await provider.waitUntilHealthy(
          fleetID: cloudID, plannedName: plannedName, gate: gate, context: context, clock: clock,
          progress: { health.update($0) })
        if let failure = await record(operation, .healthy(report)) { return failed(failure) }
        return OperationResult(
          elapsed: .zero, outcome: .success(.healthy(cloudID: cloudID, plannedName: plannedName, report)))
      } catch {
        let failure = ExecutionFailure.provider(error)
        return failed(await record(operation, .failed(failure, objectMayExist: true)) ?? failure)
      }
    }
  }

  /// The suffix of a rollback operation's ID: `<create id>#rollback`.
  public static let rollbackSuffix = "#rollback"

  /// Destroys a fleet that failed its health gate, journaled as its own operation.
  func rollBack(_ operation: ExecutionOperation, record: RollbackRecord, board: ProgressBoard? = nil) async
    -> RollbackRecord
  {
    var record = record
    let rollback = ExecutionOperation(
      id: operation.id + Executor.rollbackSuffix, address: operation.address,
      action: .destroy(cloudID: record.object.cloudID, plannedName: record.object.plannedName),
      dependsOn: [operation.id], binding: operation.binding)
    switch await prepare(rollback, inputs: [:]) {
    case .failure(let failure):
      record.result = .failed(failure)
    case .success(let prepared):
      switch await perform(prepared, board: board).outcome {
      case .success: record.result = .destroyed
      case .failure(let failure): record.result = .failed(failure)
      }
    }
    return record
  }

  // MARK: - Helpers

  private func record(intent operation: ExecutionOperation) async -> ExecutionFailure? {
    do {
      try await journal.intent(operation)
      return nil
    } catch {
      return .journal(message: "\(error)")
    }
  }

  private func record(_ operation: ExecutionOperation, _ result: JournalResult) async -> ExecutionFailure? {
    do {
      try await journal.outcome(operation, result)
      return nil
    } catch {
      return .journal(message: "\(error)")
    }
  }

  /// Runs `body`, retrying transient failures with exponential backoff.
  private func retrying<T>(_ operation: ExecutionOperation, _ body: () async throws(ProviderError) -> T)
    async throws(ProviderError) -> T
  {
    var delay = options.retry.initialDelay
    var attempt = 1
    while true {
      do {
        return try await body()
      } catch {
        guard error.isTransient, attempt < options.retry.maxAttempts, !Task.isCancelled else { throw error }
        reporter.report(.retrying(operation, attempt: attempt, error: error, delay: delay))
        do {
          try await clock.sleep(for: delay)
        } catch {
          throw .cancelled
        }
        attempt += 1
        delay = min(delay * 2, options.retry.maxDelay)
      }
    }
  }
}

/// The latest health check of a fleet being waited on, shared between the wait and the ticker.
final class HealthBox: Sendable {
  private let value = Mutex<HealthProgress?>(nil)
  var latest: HealthProgress? { value.withLock { $0 } }
  func update(_ progress: HealthProgress) { value.withLock { $0 = progress } }
}

/// The operations running now, for the walk's one progress ticker (instead of a timer per
/// operation): each is reported `stillWaiting` every `interval` of real time since it started.
final class ProgressBoard: Sendable {
  struct Entry: Sendable {
    let operation: ExecutionOperation
    let start: Date
    let health: HealthBox
    var due: ContinuousClock.Instant
  }

  let interval: Duration
  private let entries = Mutex<[String: Entry]>([:])

  init(interval: Duration) { self.interval = interval }

  func begin(_ operation: ExecutionOperation, start: Date, health: HealthBox) {
    let due = ContinuousClock.now.advanced(by: interval)
    entries.withLock { $0[operation.id] = Entry(operation: operation, start: start, health: health, due: due) }
  }

  func end(_ operation: ExecutionOperation) {
    _ = entries.withLock { $0.removeValue(forKey: operation.id) }
  }

  /// The entries due at `now` (their next report moved one interval on), and when the next is due.
  func due(at now: ContinuousClock.Instant) -> (due: [Entry], next: ContinuousClock.Instant?) {
    entries.withLock { entries in
      var due: [Entry] = []
      var next: ContinuousClock.Instant?
      for id in entries.keys.sorted() {
        guard var entry = entries[id] else { continue }
        if entry.due <= now {
          due.append(entry)
          while entry.due <= now { entry.due = entry.due.advanced(by: interval) }
          entries[id] = entry
        }
        next = min(next ?? entry.due, entry.due)
      }
      return (due, next)
    }
  }
}
