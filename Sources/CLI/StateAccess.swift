import Dispatch
import ImmplanExecutor
import ImmplanParser
import ImmplanPlanner
import ImmplanSupport

/// Shared by the commands that read state (`plan`, `show`, `state list`, `state show`): the
/// `-lock`/`-lock-timeout` flags and waiting for async calls. Stores are opened by the library
/// (``ImmplanExecutor/ProviderFactory``), the same way for every command and backend.
enum StateAccess {
  /// The local state file of a configuration without a `state` block (BRIEF §2).
  static let defaultStatePath = "immplan.state.json"

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
