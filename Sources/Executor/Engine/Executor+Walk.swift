import Foundation
import ImmplanParser
import ImmplanSupport

/// One run of the executor over one graph: the scheduling state, owned by the task that called
/// ``Executor/run(_:interrupts:)``. Child tasks only prepare or run operations and return results.
///
/// An operation goes waiting → ready (its dependencies succeeded) → preparing (identity resolved,
/// intent being journaled) → prepared (intent durable) → running (provider called) → done. At most
/// `parallelism` operations run; up to `parallelism` more are prepared ahead, in priority order, so
/// the journal's group commit happens while they wait for a slot rather than inside it, and a
/// freed slot starts the next provider call at once. The intent still precedes the call (BRIEF §5):
/// an intent whose call never comes is settled at the end of the run (`.notStarted`) or, after a
/// crash, by recovery, which finds nothing under the planned name and forgets it.
struct Walk {
  private enum Status { case waiting, preparing, prepared, running, succeeded, failed }

  private enum Event: Sendable {
    case prepared(Int, Result<ExecutionOperation, ExecutionFailure>)
    case finished(Int, OperationResult)
    case interrupt(Int)
    case rolledBack(RollbackRecord)
    case listenerCancelled
  }

  private let graph: OperationGraph
  private let executor: Executor
  private let interrupts: InterruptSignal
  /// Running operations, for the progress ticker (nil without `progressInterval`).
  private let board: ProgressBoard?
  private var status: [Status]
  private var unmetDependencies: [Int]
  /// Dependencies met, intent not journaled yet.
  private var ready: Heap<Int>
  /// Intent durable, waiting for a slot; `preparedOperations` holds them as they will run.
  private var prepared: Heap<Int>
  private var preparedOperations: [Int: ExecutionOperation] = [:]
  private var created: [Int: CreatedObject] = [:]
  private var outcomes: [String: OperationOutcome] = [:]
  private var failures: [String: ExecutionFailure] = [:]
  private var rollbackCandidates: [(index: Int, object: CreatedObject, reason: ExecutionFailure)] = []
  private var rollbacks: [RollbackRecord] = []
  private var running = 0
  private var preparing = 0
  private var interruptCount = 0
  private var isStopping: Bool { interruptCount > 0 || !failures.isEmpty }
  /// How many operations may be prepared (or preparing) ahead of a free slot.
  private var lookahead: Int { executor.options.parallelism }

  init(graph: OperationGraph, executor: Executor, interrupts: InterruptSignal) {
    self.graph = graph
    self.executor = executor
    self.interrupts = interrupts
    board = executor.options.progressInterval.map(ProgressBoard.init(interval:))
    status = Array(repeating: .waiting, count: graph.operations.count)
    unmetDependencies = graph.dependencies.map(\.count)
    let chain = graph.chainLength
    let operations = graph.operations
    let isBefore = { (left: Int, right: Int) in
      chain[left] != chain[right] ? chain[left] > chain[right] : operations[left].id < operations[right].id
    }
    ready = Heap(isBefore: isBefore)
    prepared = Heap(isBefore: isBefore)
    for index in graph.topologicalOrder where unmetDependencies[index] == 0 { ready.push(index) }
  }

  mutating func run() async -> ExecutionReport {
    let start = executor.clock.now
    let interrupts = self.interrupts
    await withTaskGroup(of: Event.self) { group in
      group.addTask { await Walk.listen(interrupts, count: 1) }
      if let board { group.addTask { [executor] in await Walk.tick(board, executor: executor) } }
      schedule(in: &group)
      while running + preparing > 0 {
        guard let event = await group.next() else { break }
        handle(event, in: &group)
        schedule(in: &group)
      }
      // Prepared operations that will not run now: their intents are settled.
      while let index = prepared.pop() {
        self.status[index] = .waiting
        if let operation = preparedOperations.removeValue(forKey: index) { await executor.abandon(operation) }
      }
      // Rollbacks run once everything that was running has finished.
      let candidates = rollbackCandidates.sorted { graph.operations[$0.index].id < graph.operations[$1.index].id }
      for candidate in candidates {
        let operation = graph.operations[candidate.index]
        let kept: String? = if case .create(let request) = operation.action { request.replacing } else { nil }
        let record = RollbackRecord(
          operationID: operation.id, address: operation.address, object: candidate.object, kept: kept,
          reason: candidate.reason, result: .notRun)
        if interruptCount >= 2 {
          rollbacks.append(record)
          executor.reporter.report(.rolledBack(record))
          continue
        }
        let executor = self.executor
        let board = self.board
        running += 1
        group.addTask { .rolledBack(await executor.rollBack(operation, record: record, board: board)) }
      }
      while running > 0 {
        guard let event = await group.next() else { break }
        handle(event, in: &group)
      }
      group.cancelAll()
    }
    do {
      try await executor.journal.flush()
    } catch {
      failures["journal"] = .journal(message: "\(error)")
    }
    let skipped = reportSkipped()
    let status: ExecutionReport.Status =
      interruptCount > 0 ? .interrupted : failures.isEmpty && rollbacks.isEmpty ? .succeeded : .failed
    return ExecutionReport(
      status: status, outcomes: outcomes, failures: failures, skipped: skipped,
      rollbacks: rollbacks.sorted { $0.operationID < $1.operationID }, elapsed: executor.clock.elapsed(since: start))
  }

  /// Reports `stillWaiting` for every running operation once per `progressInterval` of real time
  /// since it started; ends when the walk cancels it.
  private static func tick(_ board: ProgressBoard, executor: Executor) async -> Event {
    let clock = ContinuousClock()
    while !Task.isCancelled {
      let (due, next) = board.due(at: clock.now)
      for entry in due {
        executor.reporter.report(
          .stillWaiting(
            entry.operation, elapsed: executor.clock.elapsed(since: entry.start), health: entry.health.latest))
      }
      do {
        try await Task.sleep(until: next ?? clock.now.advanced(by: board.interval), clock: clock)
      } catch {
        break
      }
    }
    return .listenerCancelled
  }

  private static func listen(_ interrupts: InterruptSignal, count: Int) async -> Event {
    await interrupts.wait(forCount: count)
    return Task.isCancelled ? .listenerCancelled : .interrupt(count)
  }

  /// Fills free slots with prepared operations, then prepares ready ones up to the lookahead.
  private mutating func schedule(in group: inout TaskGroup<Event>) {
    guard !isStopping else { return }
    while running < executor.options.parallelism, let index = prepared.pop() {
      guard let operation = preparedOperations.removeValue(forKey: index) else { continue }
      status[index] = .running
      running += 1
      executor.reporter.report(.started(operation))
      let executor = self.executor
      let board = self.board
      group.addTask { .finished(index, await executor.perform(operation, board: board)) }
    }
    while preparing + prepared.count < lookahead, let index = ready.pop() {
      let operation = graph.operations[index]
      status[index] = .preparing
      preparing += 1
      var inputs: [ResourceAddress: [String: Value]] = [:]
      if case .create(let request) = operation.action,
        request.identity.values.contains(where: \.containsUnknown)
          || request.knownOutputs.values.contains(where: \.containsUnknown)
      {
        for dependency in graph.dependencies[index] {
          if let object = created[dependency] { inputs[graph.operations[dependency].address] = object.outputs }
        }
      }
      let executor = self.executor
      group.addTask { [inputs] in .prepared(index, await executor.prepare(operation, inputs: inputs)) }
    }
  }

  private mutating func handle(_ event: Event, in group: inout TaskGroup<Event>) {
    switch event {
    case .prepared(let index, .success(let operation)):
      preparing -= 1
      status[index] = .prepared
      preparedOperations[index] = operation
      prepared.push(index)
    case .prepared(let index, .failure(let failure)):
      preparing -= 1
      let operation = graph.operations[index]
      status[index] = .failed
      failures[operation.id] = failure
      executor.reporter.report(.started(operation))
      executor.reporter.report(.failed(operation, elapsed: .zero, failure: failure))
    case .finished(let index, let result):
      running -= 1
      let operation = graph.operations[index]
      if let object = result.object { created[index] = object }
      switch result.outcome {
      case .success(let outcome):
        status[index] = .succeeded
        outcomes[operation.id] = outcome
        executor.reporter.report(.finished(operation, elapsed: result.elapsed, outcome: outcome))
        for dependent in graph.dependents[index] {
          unmetDependencies[dependent] -= 1
          if unmetDependencies[dependent] == 0 { ready.push(dependent) }
        }
      case .failure(let failure):
        status[index] = .failed
        failures[operation.id] = failure
        executor.reporter.report(.failed(operation, elapsed: result.elapsed, failure: failure))
        if result.needsRollback, let object = result.object {
          rollbackCandidates.append((index, object, failure))
        }
      }
    case .interrupt(let count):
      interruptCount = max(interruptCount, count)
      executor.reporter.report(.interruptReceived(count: count))
      if count == 1 {
        let interrupts = self.interrupts
        group.addTask { await Walk.listen(interrupts, count: 2) }
      } else {
        group.cancelAll()
      }
    case .rolledBack(let record):
      running -= 1
      rollbacks.append(record)
      executor.reporter.report(.rolledBack(record))
    case .listenerCancelled:
      break
    }
  }

  /// Reports every operation that never started, once, in dependency order.
  private func reportSkipped() -> [String: SkipReason] {
    var skipped: [String: SkipReason] = [:]
    var rootFailure: [Int: Int] = [:]
    for index in graph.topologicalOrder where status[index] == .waiting {
      let operation = graph.operations[index]
      var reason: SkipReason = interruptCount > 0 ? .interrupted : .stoppedAfterFailure
      for dependency in graph.dependencies[index] {
        let root = status[dependency] == .failed ? dependency : rootFailure[dependency]
        if let root {
          rootFailure[index] = root
          reason = .dependencyFailed(operationID: graph.operations[root].id, address: graph.operations[root].address)
          break
        }
      }
      skipped[operation.id] = reason
      executor.reporter.report(.skipped(operation, reason: reason))
    }
    return skipped
  }
}
