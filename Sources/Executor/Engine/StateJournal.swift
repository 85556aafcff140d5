import ImmplanParser
import ImmplanPlanner

/// The executor's journal hook on top of the state's group-committing ``JournalWriter``: it
/// turns each intent and outcome into ``JournalEntry`` values (BRIEF §4).
///
/// - create: intent → `createStarted` (a pending generation with the identity actually sent,
///   sensitive parts as digests under the state's key); `.created` → `created` (for a fleet with
///   a health gate only at `.healthy`); a failure → `failed` (the object stays pending);
/// - destroy (also a rollback `…#rollback`): intent → `destroyStarted`; `.destroyed` → `destroyed`;
/// - settings: `.settingsRecorded` → `settingsRecorded` with `desiredSettings[address]`.
/// The "rolled back from version N" marker and `planApplied` are the apply command's to write.
public actor StateJournal: ExecutionJournal {
  private let writer: JournalWriter
  private let digestKey: DigestKey
  private let desiredSettings: [ResourceAddress: RecordedSettings]
  private var planned: [String: (object: PlannedObject, previous: DemotedStatus)] = [:]
  private var generations: [String: Int] = [:]
  private var records: [String: ObjectRecord] = [:]
  private var created: [String: CreatedObject] = [:]

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
        digest: ObjectDigest.digest(of: identity) ?? object?.digest ?? "", provider: object?.provider ?? .sim(directory: ""),
        identity: identity, dependencies: object?.dependencies ?? [], settings: object?.settings ?? RecordedSettings())
      records[operation.id] = record
      try await writer.append(.createStarted(operation.address, record))
    case .destroy(_, let plannedName):
      guard let generation = generation(of: operation.id) else { return }
      try await writer.append(.destroyStarted(operation.address, generation: generation, name: plannedName))
    case .recordSettings, .waitHealthy:
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
      try await writer.append(.destroyed(operation.address, generation: generation))
    case .settingsRecorded:
      guard let settings = desiredSettings[operation.address] else { return }
      try await writer.append(.settingsRecorded(operation.address, settings))
    case .failed(let failure, _):
      guard let generation = generation(of: operation.id) else { return }
      let kind: JournalOperation = if case .create = operation.action { .create } else { .destroy }
      try await writer.append(
        .failed(operation.address, generation: generation, operation: kind, message: failure.description))
    }
  }

  private func appendCreated(_ operation: ExecutionOperation, _ object: CreatedObject) async throws {
    guard let record = records[operation.id] else { return }
    let cloud = CloudObject(record: record, cloudID: object.cloudID, outputs: object.textOutputs)
    try await writer.append(
      .created(operation.address, cloud, previousCurrent: planned[operation.id]?.previous ?? .deposed))
  }

  /// The plan's generation of an operation; a rollback uses its create's.
  private func generation(of id: String) -> Int? {
    if let generation = generations[id] { return generation }
    if id.hasSuffix(Executor.rollbackSuffix) { return generations[String(id.dropLast(Executor.rollbackSuffix.count))] }
    return nil
  }
}
