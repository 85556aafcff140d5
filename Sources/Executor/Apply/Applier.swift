import ImmplanParser
import ImmplanPlanner

/// Applies one reviewed plan (BRIEF §3, §5): refuses — changing nothing — a plan that is not the
/// approved one, was already applied or interrupted, or was made from another state; then runs
/// the executor with every operation journaled (intent before, outcome after, group commit),
/// folds the journal into the state and records a history version.
///
/// The caller holds the state through a ``StateSession`` and has checked the variables
/// (``PlanVariables``); `graph` is the plan's own configuration loaded with them, used to compute
/// identity values known only after apply.
public struct Applier: Sendable {
  public var provider: any Provider
  public var reporter: any ExecutionReporter
  public var clock: any ExecutionClock
  public var options: Executor.Options
  public var interrupts: InterruptSignal

  public init(
    provider: any Provider, reporter: any ExecutionReporter = SilentReporter(),
    clock: any ExecutionClock = SystemClock(),
    options: Executor.Options = Executor.Options(), interrupts: InterruptSignal = InterruptSignal()
  ) {
    self.provider = provider
    self.reporter = reporter
    self.clock = clock
    self.options = options
    self.interrupts = interrupts
  }

  /// The result of an apply.
  public struct Result: Sendable {
    /// nil when the plan had no changes (nothing ran, nothing was written).
    public var report: ExecutionReport?
    /// The state after the journal was folded in.
    public var state: State
    public var summary: PlanSummary
    public var mode: Plan.Mode
    /// The history version this apply recorded.
    public var version: Int?

    /// 0, 1 after a failure, 130 after an interrupt.
    public var exitCode: Int32 { report?.exitCode ?? 0 }
  }

  // MARK: - Checks

  /// Why `plan` (whose file has `checksum`) must not be applied to `loaded`, or nil. Without a
  /// checksum (a plan made by this command, never saved) only the state binding is checked.
  public static func refusal(
    plan: Plan, checksum: String?, expectedChecksum: String?, loaded: LoadedState
  ) -> ApplyError? {
    let state = loaded.state
    if let checksum {
      if let expectedChecksum, expectedChecksum.lowercased() != checksum.lowercased() {
        return .unexpectedChecksum(expected: expectedChecksum, actual: checksum)
      }
      if state.hasApplied(planChecksum: checksum) { return .alreadyApplied(checksum: checksum) }
    }
    if plan.prior.lineage != state.lineage {
      return .staleState(reason: "lineage \(state.lineage), the plan was made for \(plan.prior.lineage)")
    }
    if plan.prior.serial != state.serial {
      return .staleState(reason: "serial \(state.serial), the plan was made at serial \(plan.prior.serial)")
    }
    if plan.prior.digest != state.stateDigest {
      return .staleState(reason: "its content differs from the state the plan was made from, at the same serial")
    }
    if let problem = mismatch(plan: plan, state: state) { return .invalidPlan(problem) }
    return nil
  }

  /// Why the objects `plan` names are not those of `state`, or nil. The plan-file reader checks a
  /// plan against itself; a plan file edited and sealed again can still carry the state's serial
  /// and digest, so before anything runs: every recorded object it replaces, destroys or keeps is
  /// in the state (same generation, name and cloud ID), a promoted generation is retained there
  /// with the same cloud ID, and a new generation is newer than any the address ever had.
  static func mismatch(plan: Plan, state: State) -> String? {
    for change in plan.changes {
      let resource = state.resources[change.address]
      if let recorded = change.recorded {
        let found: (record: ObjectRecord, cloudID: String?)? =
          if let current = resource?.current, current.record.generation == recorded.generation {
            (current.record, current.cloudID)
          } else if let older = resource?.generations.first(where: { $0.record.generation == recorded.generation }) {
            (older.record, older.cloudObject?.cloudID)
          } else {
            nil
          }
        guard let found, found.record.name == recorded.name, found.cloudID == recorded.cloudID else {
          return "`\(recorded.objectKey)` (`\(recorded.name)`) is not an object of the state"
        }
      }
      guard let planned = change.planned else { continue }
      if planned.promoted {
        let retained = resource?.generations.first { $0.record.generation == planned.generation }
        guard case .retained(let object)? = retained, object.record.name == planned.name,
          planned.outputs["id"] == .string(object.cloudID)
        else {
          return
            "`\(change.address)#g\(planned.generation)` (`\(planned.name)`) is not a retained generation of the state"
        }
      } else if planned.generation <= state.highestGeneration(at: change.address) {
        return "`\(change.address)#g\(planned.generation)` is not a new generation: the state has had generation"
          + " \(state.highestGeneration(at: change.address))"
      }
    }
    return nil
  }

  // MARK: - Apply

  /// Checks `plan` against `session`'s state and applies it. A rollback plan (``Plan/rollback``)
  /// that succeeds records "rolled back from version N", whether it came from `rollback` directly
  /// or from its plan file.
  ///
  /// `checksum`: the plan file's, journaled (`planApplied`) before any provider call, so a crash
  /// at any point still spends the file and records a version. nil for a plan this command made
  /// and never saved (`apply DIR`, `destroy`, `rollback` without `-out`): there is no file to
  /// spend, so its checksum (for the history) is computed while the first operations run and
  /// journaled as soon as it is known — an apply killed before that records its objects (recovery
  /// settles them as ever) but no history version for itself.
  public func apply(
    _ plan: Plan, checksum: String?, expectedChecksum: String? = nil, graph: Graph?, session: StateSession
  ) async throws(ApplyError) -> Result {
    if let refusal = Self.refusal(
      plan: plan, checksum: checksum, expectedChecksum: expectedChecksum, loaded: session.loaded)
    {
      throw refusal
    }
    let store = session.store
    let prior = session.loaded.state
    guard plan.hasChanges else {
      return Result(report: nil, state: prior, summary: plan.summary, mode: plan.mode, version: nil)
    }
    // The operation graph is checked before anything is journaled, so a plan that cannot run
    // changes nothing (the plan-file reader refuses such a plan already).
    let operations: [ExecutionOperation]
    do throws(ExecutionGraphError) {
      operations = try plan.executionOperations()
      _ = try OperationGraph(operations)
    } catch {
      throw .invalidPlan(error.description)
    }
    let version = (prior.history.last?.number ?? 0) + 1
    var desiredSettings: [ResourceAddress: RecordedSettings] = [:]
    for change in plan.changes {
      if case .keep = change.change, let resource = graph?.resource(change.address) {
        desiredSettings[change.address] = RecordedSettings(resource.settings)
      }
    }
    let journal = StateJournal(
      writer: store.journalWriter(), plan: plan, digestKey: prior.digestKey, desiredSettings: desiredSettings)
    let time = store.environment.now()
    var deferredChecksum: Task<Void, Never>?
    if let checksum {
      // Durable with the first intents (one write), before any provider call.
      do {
        try await journal.append([.planApplied(planChecksum: checksum, time: time)])
      } catch {
        throw .journal("\(error)")
      }
    } else {
      deferredChecksum = Task.detached {
        let computed = PlanFile.encode(plan).checksum
        try? await journal.append([.planApplied(planChecksum: computed, time: time)])
      }
    }
    let executor = Executor(
      provider: provider, journal: journal, reporter: reporter, clock: clock, options: options,
      resolveIdentity: graph.map { Self.resolver(graph: $0, state: prior) })
    let report: ExecutionReport
    do throws(ExecutionGraphError) {
      report = try await executor.run(operations, interrupts: interrupts)
    } catch {
      throw .invalidPlan(error.description)
    }
    await deferredChecksum?.value
    var marker: Int?? = nil
    if report.rollbacks.contains(where: { $0.result == .destroyed }) {
      marker = .some(version)
    } else if let rollbackFrom = plan.rollback?.fromVersion, report.status == .succeeded {
      marker = .some(rollbackFrom)
    } else if report.status == .succeeded, prior.rolledBackFrom != nil {
      marker = .some(nil)
    }
    if let marker { try? await journal.append([.rollbackMarker(fromVersion: marker)]) }
    try? await journal.flush()
    do throws(StateError) {
      let state =
        if let written = await journal.writtenEntries {
          try await Self.commit(written, session: session)
        } else {
          // A journal write failed: what reached the journal is what counts.
          try await store.commitJournal().state
        }
      return Result(report: report, state: state, summary: plan.summary, mode: plan.mode, version: version)
    } catch {
      throw .journal("\(error)")
    }
  }

  /// Commits the journal this apply wrote, `entries` exactly, folded in memory onto the session's
  /// state: what ``StateStore/commitJournal()`` writes (same fold, same serial, same bytes),
  /// without reading the journal back and decoding it. The document is written before the journal
  /// is removed, as there, so a crash in between replays the journal (idempotently). Only when the
  /// session's state had no journal left (recovery commits it), else the journal holds more.
  static func commit(_ entries: [JournalEntry], session: StateSession) async throws(StateError) -> State {
    let store = session.store
    let loaded = session.loaded
    guard loaded.journal.isEmpty, !loaded.hadTornJournalTail else { return try await store.commitJournal().state }
    let folded = loaded.state.folded(with: entries, historyLimit: store.historyLimit)
    if loaded.stored == nil || folded != loaded.state {
      _ = try await store.storage.writeState(folded.canonicalBytes, expected: loaded.version)
    }
    try await store.storage.clearJournal()
    return folded
  }

  /// Fills identity values known only after apply (and sensitive ones, known only as digests in
  /// the plan) from `graph`, with real outputs of this run's objects and the state's for the rest.
  static func resolver(graph: Graph, state: State) -> IdentityResolver {
    { operation, request, outputs in
      let evaluation = graph.evaluateIdentity(of: operation.address) { address in
        if let created = outputs[address] { return created }
        return state.resources[address]?.current.map { current in
          var values = current.outputs.mapValues(Value.string)
          values["id"] = values["id"] ?? .string(current.cloudID)
          values["name"] = values["name"] ?? .string(current.record.name)
          return values
        }
      }
      if let error = evaluation.diagnostics.first(where: { $0.severity == .error }) {
        return .failure(IdentityResolutionError(message: "cannot compute `\(operation.address)`: \(error.message)"))
      }
      var resolved = request
      for (name, value) in request.identity where value.containsUnknown {
        resolved.identity[name] = evaluation.attributes[name] ?? .null
      }
      if let name = resolved.identity.keys.sorted().first(where: { resolved.identity[$0]!.containsUnknown }) {
        return .failure(IdentityResolutionError(message: "`\(operation.address)`: `\(name)` is still unknown"))
      }
      if operation.address.kind.traits.hasContentDigest {
        resolved.knownOutputs["digest"] = imageDigest(identity: resolved.identity).map(Value.string) ?? .null
      }
      return .success(resolved)
    }
  }
}
