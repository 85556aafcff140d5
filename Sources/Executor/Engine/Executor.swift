import Foundation
import ImmplanParser
import ImmplanSupport

/// Applies an operation graph through a provider (BRIEF §3, §5): dependencies first, at most
/// `parallelism` operations at once, every provider call journaled before and after.
///
/// On the first failure no new operation starts; running ones finish; then blue/green rollbacks
/// run (a fleet that failed its health gate is destroyed; the old one stays because its destroy
/// depends on the new fleet); everything that never started is reported once as skipped. The
/// first interrupt does the same and the run ends `interrupted`; a second cancels running calls
/// and waits at once (rollbacks that have not run are reported `notRun`).
public struct Executor: Sendable {
  public struct Options: Sendable, Hashable {
    /// At most this many operations run at once (`-parallelism`, default 10).
    public var parallelism: Int
    /// How often a running operation reports `stillWaiting`, in real time; nil: never.
    public var progressInterval: Duration?
    public var retry: RetryPolicy
    public init(parallelism: Int = 10, progressInterval: Duration? = .seconds(10), retry: RetryPolicy = RetryPolicy()) {
      self.parallelism = max(1, parallelism)
      self.progressInterval = progressInterval
      self.retry = retry
    }
  }

  /// Retries of ``ProviderError/transient(message:)`` failures, with exponential backoff on the
  /// injected clock. (Providers add their own jitter where a cloud throttles.)
  public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, including the first.
    public var maxAttempts: Int
    public var initialDelay: Duration
    public var maxDelay: Duration
    public init(maxAttempts: Int = 4, initialDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(20)) {
      self.maxAttempts = max(1, maxAttempts)
      self.initialDelay = initialDelay
      self.maxDelay = maxDelay
    }
  }

  public let provider: any Provider
  public let journal: any ExecutionJournal
  public let reporter: any ExecutionReporter
  public let clock: any ExecutionClock
  public let options: Options
  public let resolveIdentity: IdentityResolver?

  /// `resolveIdentity` fills unknown identity attributes from the outputs of the operation's
  /// direct dependencies; without it, a create with an unknown attribute fails.
  public init(
    provider: any Provider, journal: any ExecutionJournal, reporter: any ExecutionReporter = SilentReporter(),
    clock: any ExecutionClock = SystemClock(), options: Options = Options(), resolveIdentity: IdentityResolver? = nil
  ) {
    self.provider = provider
    self.journal = journal
    self.reporter = reporter
    self.clock = clock
    self.options = options
    self.resolveIdentity = resolveIdentity
  }

  /// Runs every operation of a valid graph (see ``ExecutionGraphError``, checked first; nothing
  /// runs when the graph is invalid).
  public func run(_ operations: [ExecutionOperation], interrupts: InterruptSignal = InterruptSignal())
    async throws(ExecutionGraphError) -> ExecutionReport
  {
    let graph = try OperationGraph(operations)
    var walk = Walk(graph: graph, executor: self, interrupts: interrupts)
    return await walk.run()
  }
}

/// Why an operation graph cannot run. A bug in the plan's producer, or a damaged plan.
public enum ExecutionGraphError: Error, Sendable, Hashable, CustomStringConvertible {
  case duplicateID(String)
  case unknownDependency(operationID: String, dependency: String)
  case cycle(operationIDs: [String])
  /// A create whose planned object, or a destroy whose recorded object, the plan does not hold.
  case missingObject(operationID: String, object: String)

  public var description: String {
    switch self {
    case .duplicateID(let id): "operation `\(id)` appears twice"
    case .unknownDependency(let id, let dependency): "operation `\(id)` depends on unknown operation `\(dependency)`"
    case .cycle(let ids): "operations form a cycle: " + ids.map { "`\($0)`" }.joined(separator: ", ")
    case .missingObject(let id, let object): "operation `\(id)`: the plan holds no object `\(object)` for it"
    }
  }
}

/// Operations by index with their edges, a topological order and each one's longest chain.
/// (`package`: the plan-file fuzz target checks the graphs of the plans the reader accepts.)
package struct OperationGraph {
  let operations: [ExecutionOperation]
  let dependencies: [[Int]]
  let dependents: [[Int]]
  /// Dependencies first.
  let topologicalOrder: [Int]
  /// Operations on the longest path from this one to a sink, itself included.
  let chainLength: [Int]

  package init(_ operations: [ExecutionOperation]) throws(ExecutionGraphError) {
    var index: [String: Int] = [:]
    index.reserveCapacity(operations.count)
    for (position, operation) in operations.enumerated() {
      guard index.updateValue(position, forKey: operation.id) == nil else { throw .duplicateID(operation.id) }
    }
    var dependencies = [[Int]](repeating: [], count: operations.count)
    var dependents = [[Int]](repeating: [], count: operations.count)
    for (position, operation) in operations.enumerated() {
      for dependency in Set(operation.dependsOn).sorted() {
        guard let other = index[dependency] else {
          throw .unknownDependency(operationID: operation.id, dependency: dependency)
        }
        dependencies[position].append(other)
        dependents[other].append(position)
      }
    }
    let (order, cyclic) = TopologicalOrder.order(count: operations.count, dependencies: dependencies)
    guard cyclic.isEmpty else { throw .cycle(operationIDs: cyclic.map { operations[$0].id }.sorted()) }
    var chain = [Int](repeating: 1, count: operations.count)
    for current in order.reversed() {
      for next in dependents[current] { chain[current] = max(chain[current], chain[next] + 1) }
    }
    self.operations = operations
    self.dependencies = dependencies
    self.dependents = dependents
    self.topologicalOrder = order
    self.chainLength = chain
  }
}
