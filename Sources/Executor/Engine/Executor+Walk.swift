import Foundation
import ImmplanParser

/// One run of the executor over one graph: the scheduling state, owned by the task that called
/// ``Executor/run(_:interrupts:)``. Child tasks only run operations and return results.
struct Walk {
  private enum Status { case waiting, running, succeeded, failed }

  private enum Event: Sendable {
    case finished(Int, OperationResult)
    case interrupt(Int)
    case rolledBack(RollbackRecord)
    case listenerCancelled
  }

  private let graph: OperationGraph
  private let executor: Executor
  private let interrupts: InterruptSignal
  private var status: [Status]
  private var unmetDependencies: [Int]
  private var ready: ReadyQueue
  private var created: [Int: CreatedObject] = [:]
  private var outcomes: [String: OperationOutcome] = [:]
  private var failures: [String: ExecutionFailure] = [:]
  private var rollbackCandidates: [(index: Int, object: CreatedObject, reason: ExecutionFailure)] = []
  private var rollbacks: [RollbackRecord] = []
  private var running = 0
  private var interruptCount = 0
  private var isStopping: Bool { interruptCount > 0 || !failures.isEmpty }

  init(graph: OperationGraph, executor: Executor, interrupts: InterruptSignal) {
    self.graph = graph
    self.executor = executor
    self.interrupts = interrupts
    status = Array(repeating: .waiting, count: graph.operations.count)
    unmetDependencies = graph.dependencies.map(\.count)
    let chain = graph.chainLength
    let operations = graph.operations
    ready = ReadyQueue { left, right in
      chain[left] != chain[right] ? chain[left] > chain[right] : operations[left].id < operations[right].id
    }
    for index in graph.topologicalOrder where unmetDependencies[index] == 0 { ready.push(index) }
  }

  mutating func run() async -> ExecutionReport {
    let start = executor.clock.now
    let interrupts = self.interrupts
    await withTaskGroup(of: Event.self) { group in
      group.addTask { await Walk.listen(interrupts, count: 1) }
      startReady(in: &group)
      while running > 0 {
        guard let event = await group.next() else { break }
        handle(event, in: &group)
        startReady(in: &group)
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
        running += 1
        group.addTask { .rolledBack(await executor.rollBack(operation, record: record)) }
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

  private static func listen(_ interrupts: InterruptSignal, count: Int) async -> Event {
    await interrupts.wait(forCount: count)
    return Task.isCancelled ? .listenerCancelled : .interrupt(count)
  }

  private mutating func startReady(in group: inout TaskGroup<Event>) {
    while !isStopping, running < executor.options.parallelism, let index = ready.pop() {
      let operation = graph.operations[index]
      status[index] = .running
      running += 1
      var inputs: [ResourceAddress: [String: Value]] = [:]
      if case .create(let request) = operation.action,
        request.identity.values.contains(where: \.containsUnknown)
          || request.knownOutputs.values.contains(where: \.containsUnknown)
      {
        for dependency in graph.dependencies[index] {
          if let object = created[dependency] { inputs[graph.operations[dependency].address] = object.outputs }
        }
      }
      executor.reporter.report(.started(operation))
      let executor = self.executor
      group.addTask { [inputs] in .finished(index, await executor.perform(operation, inputs: inputs)) }
    }
  }

  private mutating func handle(_ event: Event, in group: inout TaskGroup<Event>) {
    switch event {
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
