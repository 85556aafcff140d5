import ImmplanParser
import ImmplanPlanner

/// The state side of `plan`: open the configured store and provider (``ProviderFactory``), lock,
/// settle a crashed apply's pending objects (``StateSession``), and with `-refresh` ask the
/// provider about every recorded object (``Refresh``).
public enum PlanPreparation {
  public struct Prepared: Sendable {
    public var loaded: LoadedState
    public var drifts: [Refresh.Drift]
    /// Recovery lines, to print before the plan.
    public var notes: [String]
    /// With `-refresh`: one line per recorded object the provider could not read. A plan made
    /// without knowing whether they drifted would be wrong, so the command fails.
    public var refreshErrors: [String] = []
  }

  public static func prepare(
    graph: Graph, directory: String, environment: [String: String], lock: Bool, lockTimeout: Duration,
    createIfMissing: Bool, refresh: Bool, prefetch: StatePrefetch? = nil
  ) async -> Result<Prepared, ApplyError> {
    let provider: any Provider
    switch ProviderFactory.provider(graph.providers, configurationDirectory: directory, environment: environment) {
    case .success(let value): provider = value
    case .failure(let error): return .failure(error)
    }
    var store: StateStore
    switch ProviderFactory.stateStore(graph.stateBackend, configurationDirectory: directory, environment: environment) {
    case .success(let value): store = CrashHook.wrap(value, environment: environment)
    case .failure(let error): return .failure(error)
    }
    store.prefetch = prefetch
    let session: StateSession
    do throws(ApplyError) {
      session = try await StateSession.open(
        store: store, operation: "plan", lock: lock, lockTimeout: lockTimeout, provider: provider,
        createIfMissing: createIfMissing)
    } catch {
      return .failure(error)
    }
    var prepared = Prepared(loaded: session.loaded, drifts: [], notes: session.recoveryLines)
    if refresh {
      let (drifts, errors) = await Refresh.drift(in: session.loaded.state, provider: provider)
      prepared.drifts = drifts
      prepared.refreshErrors = errors
    }
    await session.close()
    return .success(prepared)
  }
}
