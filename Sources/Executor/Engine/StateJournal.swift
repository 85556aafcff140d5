import ImmplanParser
import ImmplanPlanner

/// The executor's journal hook on top of the state's group-committing ``JournalWriter``: it
/// turns each intent and outcome into ``JournalEntry`` values (BRIEF §4).
///
/// - create: intent → `createStarted` (a pending generation with the identity actually sent,
///   sensitive parts as digests under the state's key); `.created` → `created` (for a fleet with
///   a health gate only at `.healthy`); a failure → `failed` (the object stays pending);
/// - destroy (also a rollback `…#rollback`): intent → `destroyStarted`; `.destroyed` → `destroyed`;
/// - settings: `.settingsRecorded` → `settingsRecorded` with `desiredSettings[address]`;
/// - promote (a rollback reusing a retained image): `.promoted` → `promoted` (the current object
///   becomes retained or deposed as the replace says); no intent entry (nothing is created);
/// - `.notStarted` (an intent journaled ahead of a call the run never made): a create's pending
///   generation → `destroyed` (it was never created); nothing for a destroy.
/// The "rolled back from version N" marker and `planApplied` are the apply command's to write
/// (``append(_:)``).
///
/// Intents wait until they are durable; outcomes are queued in order and made durable with the
/// next batch (or ``flush()``), so an operation does not hold its parallelism slot for an fsync
/// whose only purpose is to save recovery a lookup by planned name.
public actor StateJournal: ExecutionJournal {
  private let writer: JournalWriter
  private let digestKey: DigestKey
  private let desiredSettings: [ResourceAddress: RecordedSettings]
  private var planned: [String: (object: PlannedObject, previous: DemotedStatus)] = [:]
  private var generations: [String: Int] = [:]
  /// What the current object becomes when a promote makes a retained generation current.
  private var replaced: [String: DemotedStatus] = [:]
  private var records: [String: ObjectRecord] = [:]
  private var created: [String: CreatedObject] = [:]
  private var queue: [JournalEntry] = []
  /// Every entry enqueued, in journal order.
  private var recorded: [JournalEntry] = []
  private var waiters: [CheckedContinuation<Void, any Error>] = []
  private var isFlushing = false
  private var failure: (any Error)?

  /// `desiredSettings`: the configuration's settings by address, for `recordSettings` operations.
  public init(
    writer: JournalWriter, plan: Plan, digestKey: DigestKey, desiredSettings: [ResourceAddress: RecordedSettings] = [:]
  ) {
    self.writer = writer
    self.digestKey = digestKey
    self.desiredSettings = desiredSettings
    var byKey: [String: (PlannedObject, DemotedStatus)] = [:]
    for change in plan.changes {
      guard let object = change.planned else { continue }
      var previous = DemotedStatus.deposed
      if case .replace(_, _, _, let retire, _) = change.change, retire == .retain { previous = .retained }
      byKey["\(change.address)#g\(object.generation)"] = (object, previous)
    }
    for operation in plan.operations {
      generations[operation.id] = operation.generation
      if operation.action == .promote, let entry = byKey["\(operation.address)#g\(operation.generation)"] {
        replaced[operation.id] = entry.1
      }
      if operation.action == .create, let entry = byKey["\(operation.address)#g\(operation.generation)"] {
        planned[operation.id] = entry
      }
    }
  }

  public func intent(_ operation: ExecutionOperation) async throws {
    switch operation.action {
    case .create(let request):
      let identity = request.identity.mapValues { RecordedValue($0, key: digestKey) }
      let object = planned[operation.id]?.object
      let record = ObjectRecord(
        name: request.plannedName, generation: request.generation,
        digest: ObjectDigest.digest(of: identity) ?? object?.digest ?? "",
        provider: object?.provider ?? .sim(directory: ""),
        identity: identity, dependencies: object?.dependencies ?? [], settings: object?.settings ?? RecordedSettings())
      records[operation.id] = record
      try await enqueue([.createStarted(operation.address, record)], wait: true)
    case .destroy(_, let plannedName):
      guard let generation = generation(of: operation.id) else { return }
      try await enqueue([.destroyStarted(operation.address, generation: generation, name: plannedName)], wait: true)
    case .recordSettings, .waitHealthy, .promote:
      // No cloud object comes into being: nothing for recovery to look for.
      return
    }
  }

  public func outcome(_ operation: ExecutionOperation, _ result: JournalResult) async throws {
    switch result {
    case .created(let object):
      created[operation.id] = object
      if case .create(let request) = operation.action, request.healthGate != nil { return }
      try await appendCreated(operation, object)
    case .healthy:
      guard let object = created[operation.id] else { return }
      try await appendCreated(operation, object)
    case .destroyed:
      guard let generation = generation(of: operation.id) else { return }
      try await enqueue([.destroyed(operation.address, generation: generation)], wait: false)
    case .settingsRecorded:
      guard let settings = desiredSettings[operation.address] else { return }
      try await enqueue([.settingsRecorded(operation.address, settings)], wait: false)
    case .promoted:
      guard case .promote(_, let generation, _) = operation.action else { return }
      try await enqueue(
        [.promoted(operation.address, generation: generation, previousCurrent: replaced[operation.id] ?? .deposed)],
        wait: false)
    case .notStarted:
      guard case .create = operation.action, let generation = generation(of: operation.id) else { return }
      try await enqueue([.destroyed(operation.address, generation: generation)], wait: false)
    case .failed(let failure, _):
      guard let generation = generation(of: operation.id) else { return }
      let kind: JournalOperation = if case .create = operation.action { .create } else { .destroy }
      try await enqueue(
        [.failed(operation.address, generation: generation, operation: kind, message: failure.description)], wait: false
      )
    }
  }

  private func appendCreated(_ operation: ExecutionOperation, _ object: CreatedObject) async throws {
    guard let record = records[operation.id] else { return }
    let cloud = CloudObject(record: record, cloudID: object.cloudID, outputs: object.textOutputs)
    try await enqueue(
      [.created(operation.address, cloud, previousCurrent: planned[operation.id]?.previous ?? .deposed)], wait: false)
  }

  /// Queues entries that belong to no operation (`planApplied`, `rollbackMarker`) behind
  /// everything recorded before; durable with the next batch (or ``flush()``).
  public func append(_ entries: [JournalEntry]) async throws {
    try await enqueue(entries, wait: false)
  }

  /// Every entry this journal wrote, in order, once ``flush()`` has made them durable; nil after a
  /// failed write (then only the journal on storage knows what got through).
  public var writtenEntries: [JournalEntry]? {
    failure == nil && queue.isEmpty && !isFlushing ? recorded : nil
  }

  public func flush() async throws {
    if let failure { throw failure }
    guard isFlushing || !queue.isEmpty else { return }
    try await withCheckedThrowingContinuation { waiters.append($0) }
  }

  // MARK: - Ordered pipeline

  /// Queues `entries` behind everything recorded before; with `wait`, returns once they are durable.
  private func enqueue(_ entries: [JournalEntry], wait: Bool) async throws {
    if let failure { throw failure }
    queue += entries
    recorded += entries
    if !isFlushing {
      isFlushing = true
      Task { await self.drain() }
    }
    if wait { try await withCheckedThrowingContinuation { waiters.append($0) } }
  }

  /// Writes the queue batch by batch, in order; each batch's waiters resume when it is durable.
  private func drain() async {
    while !queue.isEmpty {
      let batch = queue
      let batchWaiters = waiters
      queue = []
      waiters = []
      do {
        try await writer.append(batch)
        for waiter in batchWaiters { waiter.resume() }
      } catch {
        failure = error
        for waiter in batchWaiters { waiter.resume(throwing: error) }
      }
    }
    isFlushing = false
    // `flush()` callers that arrived while the last batch was being written.
    let remaining = waiters
    waiters = []
    for waiter in remaining {
      if let failure { waiter.resume(throwing: failure) } else { waiter.resume() }
    }
  }

  /// The plan's generation of an operation; a rollback uses its create's.
  private func generation(of id: String) -> Int? {
    if let generation = generations[id] { return generation }
    if id.hasSuffix(Executor.rollbackSuffix) { return generations[String(id.dropLast(Executor.rollbackSuffix.count))] }
    return nil
  }
}
