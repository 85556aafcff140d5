import ImmplanParser

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
  public static func resolve(_ operations: [ExecutionOperation], provider: any Provider, parallelism: Int = 10) async
    -> [Result]
  {
    var results = [Resolution?](repeating: nil, count: operations.count)
    await withTaskGroup(of: (Int, Resolution).self) { group in
      var next = 0
      func startNext(_ group: inout TaskGroup<(Int, Resolution)>) {
        guard next < operations.count else { return }
        let index = next
        next += 1
        group.addTask { (index, await resolve(operations[index], provider: provider)) }
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
  public static func resolve(_ operation: ExecutionOperation, provider: any Provider) async -> Resolution {
    let context = ProviderContext(address: operation.address, operationID: operation.id)
    let kind = operation.address.kind
    do throws(ProviderError) {
      switch operation.action {
      case .recordSettings:
        return .nothingToDo
      case .create(let request):
        guard let object = try await provider.find(kind, plannedName: request.plannedName, context: context) else {
          return .absent
        }
        guard let gate = request.healthGate else { return .adopted(object, health: nil) }
        return await wait(object, gate: gate, provider: provider, context: context)
      case .waitHealthy(_, let plannedName, let gate):
        guard let object = try await provider.find(kind, plannedName: plannedName, context: context) else {
          return .destroyed
        }
        return await wait(object, gate: gate, provider: provider, context: context)
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

  private static func wait(_ object: CreatedObject, gate: HealthGate, provider: any Provider, context: ProviderContext)
    async -> Resolution
  {
    do throws(ProviderError) {
      let report = try await provider.waitUntilHealthy(
        fleetID: object.cloudID, plannedName: object.plannedName, gate: gate, context: context, progress: { _ in })
      return .adopted(object, health: report)
    } catch .cancelled {
      return .unresolved(.provider(.cancelled))
    } catch {
      return .adoptedUnhealthy(object, .provider(error))
    }
  }
}
