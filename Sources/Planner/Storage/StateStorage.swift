/// Where the state, its journal and its lock live: one protocol, two backends (BRIEF §4) — the
/// local file (``LocalStateStorage``) and S3 (the aws provider's). Every method maps directly onto
/// HTTP: a read returns a version token (an ETag), a write is a compare-and-swap on it
/// (`If-Match` / `If-None-Match: *`), a journal append is one object PUT, the lock is an object
/// created with `If-None-Match: *`.
///
/// Implementations move bytes only; encoding, validation, folding and group commit live above
/// them (``StateStore``, ``JournalWriter``), so both backends behave the same. Every failure is a
/// ``StateError`` and leaves stored data as it was.
public protocol StateStorage: Sendable {
  /// The state's location for messages (`immplan.state.json`, `s3://bucket/key`).
  var location: String { get }
  /// The journal's location for messages.
  var journalLocation: String { get }

  /// The stored state document and its version, or nil when there is none yet.
  func readState() async throws(StateError) -> StoredState?

  /// Replaces the state document, atomically, only if the stored version is still `expected`
  /// (nil: only if no state exists). Keeps the previous version as a backup where the backend
  /// can. Returns the new version. Throws ``StateError/stateChanged(path:)`` when the check fails.
  func writeState(_ bytes: [UInt8], expected: StateVersion?) async throws(StateError) -> StateVersion

  /// Appends complete, newline-terminated journal lines; durable when it returns. Called by
  /// ``JournalWriter`` with whole batches (group commit), one call at a time.
  func appendJournal(_ bytes: [UInt8]) async throws(StateError)

  /// The whole journal (empty when there is none), in append order.
  func readJournal() async throws(StateError) -> [UInt8]

  /// Removes the journal (after it was folded into the state).
  func clearJournal() async throws(StateError)

  /// Takes the lock for `info`, polling up to `timeout` (zero: fail at once) while someone else
  /// holds it. Throws ``StateError/locked(path:holder:)`` or ``StateError/lockTimeout(path:holder:seconds:)``.
  func acquireLock(_ info: LockInfo, timeout: Duration) async throws(StateError)

  /// Releases a lock this instance holds under `id`.
  func releaseLock(id: String) async throws(StateError)

  /// Who holds the lock now, or nil when nobody does.
  func lockHolder() async throws(StateError) -> LockInfo?

  /// Breaks a stuck lock (`immplan force-unlock LOCK_ID`) after checking `id` is the holder's.
  func forceUnlock(id: String) async throws(StateError)
}

/// A stored state document with its version token.
public struct StoredState: Sendable, Hashable {
  public var bytes: [UInt8]
  public var version: StateVersion
  /// SHA-256 (lowercase hex) of `bytes` when the storage computed it anyway (locally it is the
  /// version), so loading a large state hashes it once; nil: the store hashes it.
  public var digest: String?
  public init(bytes: [UInt8], version: StateVersion, digest: String? = nil) {
    self.bytes = bytes
    self.version = version
    self.digest = digest
  }
}

/// An opaque version of the stored document: an ETag for S3, the content's SHA-256 locally.
public struct StateVersion: Sendable, Hashable, CustomStringConvertible {
  public var token: String
  public init(token: String) { self.token = token }
  public var description: String { token }
}
