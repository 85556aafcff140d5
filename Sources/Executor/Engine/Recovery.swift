import ImmplanParser
import ImmplanPlanner

/// Crash recovery (BRIEF §4): settles operations an interrupted apply started but did not finish
/// (intents without outcomes, or failures that left the object uncertain), by planned name.
///
/// - a create whose object exists is adopted; a fleet is then waited on again (its health gate);
/// - a create whose object does not exist never took effect;
/// - a destroy is finished (destroying again is harmless; a missing object is already gone);
/// - a settings record needs no cloud call.
/// The caller records each resolution in state.
public enum Recovery {
  public enum Resolution: Sendable, Hashable {
    /// The object exists; `health` is set for a fleet that passed its gate again.
    case adopted(CreatedObject, health: HealthReport?)
    /// The fleet exists but failed its health gate again: adopt it, then roll it back or replace it.
    case adoptedUnhealthy(CreatedObject, ExecutionFailure)
    /// The create never took effect: nothing to record but its absence.
    case absent
    /// The object is gone (destroyed now, or before the crash).
    case destroyed
    /// Nothing in the cloud to settle (`recordSettings`).
    case nothingToDo
    /// The provider could not tell: keep the pending record for next time.
    case unresolved(ExecutionFailure)
  }

  public struct Result: Sendable, Hashable {
    public var operation: ExecutionOperation
    public var resolution: Resolution
  }

  /// Resolves `operations` (at most `parallelism` at once); results are in input order.
  public static func resolve(
    _ operations: [ExecutionOperation], provider: any Provider, clock: any ExecutionClock = SystemClock(),
    parallelism: Int = 10
  ) async
    -> [Result]
  {
    var results = [Resolution?](repeating: nil, count: operations.count)
    await withTaskGroup(of: (Int, Resolution).self) { group in
      var next = 0
      func startNext(_ group: inout TaskGroup<(Int, Resolution)>) {
        guard next < operations.count else { return }
        let index = next
        next += 1
        group.addTask { (index, await resolve(operations[index], provider: provider, clock: clock)) }
      }
      for _ in 0..<max(1, parallelism) { startNext(&group) }
      while let (index, resolution) = await group.next() {
        results[index] = resolution
        startNext(&group)
      }
    }
    return zip(operations, results).map { Result(operation: $0, resolution: $1!) }
  }

  /// Resolves one operation.
  public static func resolve(
    _ operation: ExecutionOperation, provider: any Provider, clock: any ExecutionClock = SystemClock()
  ) async -> Resolution {
    let context = ProviderContext(address: operation.address, operationID: operation.id, binding: operation.binding)
    let kind = operation.address.kind
    do throws(ProviderError) {
      switch operation.action {
      case .recordSettings, .promote:
        return .nothingToDo
      case .create(let request):
        guard let object = try await provider.find(kind, plannedName: request.plannedName, context: context) else {
          return .absent
        }
        guard let gate = request.healthGate else { return .adopted(object, health: nil) }
        return await wait(object, gate: gate, provider: provider, context: context, clock: clock)
      case .waitHealthy(_, let plannedName, let gate):
        guard let object = try await provider.find(kind, plannedName: plannedName, context: context) else {
          return .destroyed
        }
        return await wait(object, gate: gate, provider: provider, context: context, clock: clock)
      case .destroy(let cloudID, let plannedName):
        let found = try await provider.find(kind, plannedName: plannedName, context: context)
        guard found != nil else { return .destroyed }
        try await provider.destroy(kind, cloudID: cloudID, plannedName: plannedName, context: context)
        return .destroyed
      }
    } catch {
      return .unresolved(.provider(error))
    }
  }

  private static func wait(
    _ object: CreatedObject, gate: HealthGate, provider: any Provider, context: ProviderContext,
    clock: any ExecutionClock
  ) async -> Resolution {
    do throws(ProviderError) {
      let report = try await provider.waitUntilHealthy(
        fleetID: object.cloudID, plannedName: object.plannedName, gate: gate, context: context, clock: clock,
        progress: { _ in })
      return .adopted(object, health: report)
    } catch .cancelled {
      return .unresolved(.provider(.cancelled))
    } catch {
      return .adoptedUnhealthy(object, .provider(error))
    }
  }
}

// MARK: - Pending objects recorded in state

extension Recovery {
  /// What recovery did with one pending generation of the state.
  public struct PendingOutcome: Sendable, Hashable {
    public var address: ResourceAddress
    public var record: ObjectRecord
    public var resolution: Resolution
    /// The entries to append to the state's journal (then commit) to record the resolution.
    public var journalEntries: [JournalEntry]
  }

  /// Settles every `pending` generation of `state` (creations an interrupted apply started) by
  /// planned name, so the next command starts from a state that matches the cloud:
  /// - found (a fleet: and healthy again within its gate) → adopted as the current object (the
  ///   previous current object is retained for an image, deposed otherwise, as apply would have);
  /// - found but the fleet fails its gate → destroyed (the rollback the apply did not finish);
  /// - not found → the pending record is dropped.
  /// Resolutions the provider could not settle produce no entries (the record stays pending).
  public static func resolvePending(
    in state: State, provider: any Provider, clock: any ExecutionClock = SystemClock(), parallelism: Int = 10
  ) async
    -> [PendingOutcome]
  {
    var pending: [(ResourceAddress, ObjectRecord)] = []
    for address in state.sortedAddresses {
      for generation in state.resources[address]!.generations {
        if case .pending(let record) = generation { pending.append((address, record)) }
      }
    }
    let operations = pending.map { address, record in
      let identity = record.identity.mapValues { $0.value ?? .unknown }
      let gate =
        address.kind.traits.hasHealthGate ? Plan.healthGate(identity: identity, settings: record.settings) : nil
      return ExecutionOperation(
        id: "recover \(address)#g\(record.generation)", address: address,
        action: .create(
          CreateRequest(plannedName: record.name, generation: record.generation, identity: identity, healthGate: gate)),
        binding: record.provider)
    }
    let results = await resolve(operations, provider: provider, clock: clock, parallelism: parallelism)
    var outcomes: [PendingOutcome] = []
    for ((address, record), result) in zip(pending, results) {
      var resolution = result.resolution
      var entries: [JournalEntry] = []
      switch resolution {
      case .adopted(let object, _):
        let previous = address.kind.traits.demotedStatus
        entries = [
          .created(
            address, CloudObject(record: record, cloudID: object.cloudID, outputs: object.textOutputs),
            previousCurrent: previous)
        ]
      case .adoptedUnhealthy(let object, _):
        let context = ProviderContext(address: address, operationID: result.operation.id, binding: record.provider)
        do throws(ProviderError) {
          try await provider.destroy(address.kind, cloudID: object.cloudID, plannedName: record.name, context: context)
          entries = [.destroyed(address, generation: record.generation)]
        } catch {
          resolution = .unresolved(.provider(error))
        }
      case .absent, .destroyed:
        entries = [.destroyed(address, generation: record.generation)]
      case .nothingToDo, .unresolved:
        break
      }
      outcomes.append(PendingOutcome(address: address, record: record, resolution: resolution, journalEntries: entries))
    }
    return outcomes
  }
}

extension CreatedObject {
  /// Outputs as the state records them (text).
  var textOutputs: [String: String] {
    var outputs: [String: String] = [:]
    for (name, value) in self.outputs {
      if let text = value.stringValue {
        outputs[name] = text
      } else if let number = value.numberValue {
        outputs[name] = number.description
      }
    }
    return outputs
  }
}
