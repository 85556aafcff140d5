import ImmplanPlanner
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Test-only: `IMMPLAN_TEST_CRASH_AT=<step>:<before|after>` makes the process `kill -9` itself at
/// journal step `step` (0-based), immediately before or after it. A step is one durable write to
/// the state's storage: a journal batch (group commit), a whole-state write or the journal's
/// removal — so the crash-safety test can stop an apply at every point it persists anything.
/// Without the variable the store is returned unchanged.
public enum CrashHook {
  public static let variable = "IMMPLAN_TEST_CRASH_AT"

  public static func wrap(_ store: StateStore, environment: [String: String]) -> StateStore {
    guard let text = environment[variable] else { return store }
    let parts = text.split(separator: ":")
    guard parts.count == 2, let step = Int(parts[0]), parts[1] == "before" || parts[1] == "after" else {
      return store
    }
    let storage = CrashingStorage(base: store.storage, step: step, before: parts[1] == "before")
    return StateStore(storage: storage, environment: store.environment, historyLimit: store.historyLimit)
  }
}

/// Counts mutating storage calls and raises SIGKILL at the chosen one.
final class CrashingStorage: StateStorage {
  let base: any StateStorage
  let step: Int
  let before: Bool
  private let counter = Mutex(0)

  init(base: any StateStorage, step: Int, before: Bool) {
    self.base = base
    self.step = step
    self.before = before
  }

  var location: String { base.location }
  var journalLocation: String { base.journalLocation }

  private func next() -> Int {
    counter.withLock { value in
      defer { value += 1 }; return value
    }
  }
  private func crash() { raise(SIGKILL) }

  private func around<T>(_ body: () async throws(StateError) -> T) async throws(StateError) -> T {
    let index = next()
    if index == step && before { crash() }
    let result = try await body()
    if index == step && !before { crash() }
    return result
  }

  func readState() async throws(StateError) -> StoredState? { try await base.readState() }
  func writeState(_ bytes: [UInt8], expected: StateVersion?) async throws(StateError) -> StateVersion {
    try await around { () async throws(StateError) in try await base.writeState(bytes, expected: expected) }
  }
  func appendJournal(_ bytes: [UInt8]) async throws(StateError) {
    try await around { () async throws(StateError) in try await base.appendJournal(bytes) }
  }
  func readJournal() async throws(StateError) -> [UInt8] { try await base.readJournal() }
  func clearJournal() async throws(StateError) {
    try await around { () async throws(StateError) in try await base.clearJournal() }
  }
  func acquireLock(_ info: LockInfo, timeout: Duration) async throws(StateError) {
    try await base.acquireLock(info, timeout: timeout)
  }
  func releaseLock(id: String) async throws(StateError) { try await base.releaseLock(id: id) }
  func lockHolder() async throws(StateError) -> LockInfo? { try await base.lockHolder() }
  func forceUnlock(id: String) async throws(StateError) { try await base.forceUnlock(id: id) }
}
