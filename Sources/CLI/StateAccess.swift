import Dispatch
import ImmplanExecutor
import ImmplanParser
import ImmplanPlanner
import ImmplanSupport

/// Shared by the commands that read state (`plan`, `show`, `state list`, `state show`): opening
/// the configured store, the `-lock`/`-lock-timeout` flags, and waiting for async state calls.
enum StateAccess {
  /// The local state file of a configuration without a `state` block (BRIEF §2).
  static let defaultStatePath = "immplan.state.json"

  /// The store of `backend`, relative paths resolved against the configuration directory.
  /// nil for backends this build cannot open from the CLI yet (s3).
  static func store(directory: String, backend: StateBackendSettings) -> StateStore? {
    guard case .local(let path) = backend else { return nil }
    return StateStore.local(path: path.hasPrefix("/") ? path : "\(directory)/\(path)")
  }

  /// `-lock=false` skips the lock (read-only commands); absent means lock.
  static func wantsLock(_ invocation: Invocation) -> Bool {
    !invocation.arguments.isPresent("lock") || invocation.arguments.flag("lock")
  }

  /// `-lock-timeout DUR` (default 0s: fail at once with the holder's details); nil when malformed.
  static func lockTimeout(_ invocation: Invocation) -> Duration? {
    guard let text = invocation.arguments.value("lock-timeout") else { return .zero }
    guard let duration = DurationValue(parsing: text) else { return nil }
    return .milliseconds(duration.milliseconds)
  }

  /// Loads the state (journal folded in), holding the lock for the duration unless `-lock=false`.
  static func load(
    _ store: StateStore, operation: String, lock: Bool, timeout: Duration, createIfMissing: Bool = false
  ) -> Result<LoadedState, StateError> {
    waitFor { () async -> Result<LoadedState, StateError> in
      do throws(StateError) {
        let held = lock ? try await store.lock(operation: operation, timeout: timeout) : nil
        let result: Result<LoadedState, StateError>
        do throws(StateError) {
          result = .success(try await store.load(createIfMissing: createIfMissing))
        } catch {
          result = .failure(error)
        }
        if let held { try? await store.unlock(held) }
        return result
      } catch {
        return .failure(error)
      }
    }
  }

  /// What a read-only command shows of `loaded` (BRIEF §4): after an interrupted apply, the state
  /// as recovery would find it, pending objects looked up by planned name through the
  /// configuration's provider; the notes saying that recovery is pending go to standard error.
  /// Changes nothing.
  static func settled(
    _ loaded: LoadedState, graph: Graph, directory: String, invocation: Invocation
  ) -> State {
    let hasJournal = !loaded.journal.isEmpty || loaded.hadTornJournalTail
    guard loaded.state.hasPending || hasJournal else { return loaded.state }
    let provider = try? ProviderFactory.provider(
      graph.providers, configurationDirectory: directory, environment: invocation.environment
    ).get()
    let preview = waitFor { await RecoveryPreview.inspect(loaded, provider: provider) }
    for note in preview.notes { invocation.console.error(note + "\n") }
    return preview.state
  }

  /// Runs `body` to completion from synchronous command code.
  static func waitFor<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
    let box = Box<T>()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
      box.value = await body()
      done.signal()
    }
    done.wait()
    return box.value!
  }

  // Safe without a lock: `value` is written once, before `signal()`, and read only after `wait()`
  // returns; the semaphore orders the two accesses.
  private final class Box<T>: @unchecked Sendable {
    var value: T?
  }

  static let lockFlags: [FlagSpec] = [
    .bool("lock", help: "Take the state lock (default true); -lock=false skips it for reading."),
    .value("lock-timeout", "DUR", help: "Wait this long for the state lock (default 0s)."),
  ]
}
