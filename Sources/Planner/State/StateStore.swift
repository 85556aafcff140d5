import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The entry point for every command that reads or writes state (BRIEF §4): lock, load (the state
/// file with the journal folded in), save, journal, commit, force-unlock — over any
/// ``StateStorage`` backend.
///
/// Typical apply:
/// ```swift
/// let store = StateStore.local(path: "immplan.state.json")
/// let lock = try await store.lock(operation: "apply", timeout: .seconds(30))
/// let loaded = try await store.load()            // folds a leftover journal too
/// let journal = store.journalWriter()
/// try await journal.append(.planApplied(planChecksum: sum, time: now))
/// try await journal.append(.createStarted(address, record))   // …then .created / .destroyed…
/// let final = try await store.commitJournal()      // fold, write atomically, remove the journal
/// try await store.unlock(lock)
/// ```
/// Read-only commands run with `-lock=false` may call ``load(createIfMissing:)`` without locking.
public struct StateStore: Sendable {
  public let storage: any StateStorage
  public let environment: StateEnvironment
  /// How many history versions folding keeps (default 100).
  public let historyLimit: Int
  /// A read of the state document started earlier (`plan` starts one before it loads the
  /// configuration). ``load(createIfMissing:)`` uses it instead of reading the document when
  /// the storage is local and the file is still the one that was read.
  public var prefetch: StatePrefetch?

  public init(
    storage: any StateStorage, environment: StateEnvironment = .live, historyLimit: Int = State.defaultHistoryLimit
  ) {
    self.storage = storage
    self.environment = environment
    self.historyLimit = historyLimit
  }

  /// A store over the local file `path` (`STATE`, `STATE.backup`, `STATE.journal`, `STATE.lock`).
  public static func local(path: String, environment: StateEnvironment = .live) -> StateStore {
    StateStore(storage: LocalStateStorage(path: path), environment: environment)
  }

  // MARK: - Lock

  /// Takes the lock for `operation` (`plan`, `apply`…), waiting up to `timeout` (zero: fail at once
  /// with the holder's details). Returns the lock's info; pass it to ``unlock(_:)``.
  public func lock(operation: String, timeout: Duration = .zero) async throws(StateError) -> LockInfo {
    let info = LockInfo(
      id: environment.makeID(), who: environment.who(), time: environment.now(), operation: operation,
      pid: Int32(ProcessInfo.processInfo.processIdentifier))
    try await storage.acquireLock(info, timeout: timeout)
    return info
  }

  /// Releases a lock taken with ``lock(operation:timeout:)``.
  public func unlock(_ lock: LockInfo) async throws(StateError) {
    try await storage.releaseLock(id: lock.id)
  }

  /// Who holds the lock, or nil.
  public func lockHolder() async throws(StateError) -> LockInfo? {
    try await storage.lockHolder()
  }

  /// `immplan force-unlock LOCK_ID`: breaks the lock if `id` is the holder's lock ID.
  public func forceUnlock(id: String) async throws(StateError) {
    try await storage.forceUnlock(id: id)
  }

  // MARK: - Load and save

  /// Reads and validates the state document and the journal, and folds the journal in (so a
  /// crashed apply's progress is always seen). With no state document: an empty state with a new
  /// lineage and key — written at once (serial 0) when `createIfMissing`, so a plan made now
  /// binds to a lineage that will still exist at apply time.
  public func load(createIfMissing: Bool = false) async throws(StateError) -> LoadedState {
    var stored: State?
    var version: StateVersion?
    var storedDigest: String?
    if let local = storage as? LocalStateStorage, let document = prefetch?.take(ifCurrentAt: local.path) {
      stored = document.state
      version = StateVersion(token: document.digest)
      storedDigest = document.digest
    } else if let document = try await storage.readState() {
      stored = try State(decoding: document.bytes, path: storage.location)
      version = document.version
      storedDigest = document.digest ?? StateHashing.hex(StateHashing.sha256(document.bytes))
    } else if createIfMissing {
      let fresh = State.empty(environment: environment)
      let bytes = fresh.canonicalBytes
      version = try await storage.writeState(bytes, expected: nil)
      stored = fresh
      storedDigest = StateHashing.hex(StateHashing.sha256(bytes))
    }
    let journal = try JournalCodec.decode(try await storage.readJournal(), path: storage.journalLocation)
    let base = stored ?? State.empty(environment: environment)
    let folded = base.folded(with: journal.entries, historyLimit: historyLimit)
    return LoadedState(
      state: folded, stored: stored, version: version, journal: journal.entries,
      hadTornJournalTail: journal.hadTornTail,
      stateDigest: journal.entries.isEmpty || folded == stored
        ? storedDigest ?? folded.stateDigest : folded.stateDigest)
  }

  /// Writes `state` as the new whole state, replacing what `loaded` read (compare-and-swap: fails
  /// with ``StateError/stateChanged(path:)`` if it moved on). `serial` is set to the loaded serial,
  /// plus one if `state` differs from `loaded.state`; when nothing differs nothing is written.
  /// `state` is taken to be derived from `loaded.state`, which already includes the journal, so a
  /// leftover journal is removed after the write.
  public func save(_ state: State, over loaded: LoadedState) async throws(StateError) -> LoadedState {
    var next = state
    next.serial = loaded.state.serial
    if next != loaded.state { next.serial += 1 }
    let hasJournal = !loaded.journal.isEmpty || loaded.hadTornJournalTail
    if loaded.stored == next && !hasJournal { return loaded }
    var version = loaded.version
    var digest = loaded.stateDigest
    if loaded.stored != next {
      let bytes = next.canonicalBytes
      version = try await storage.writeState(bytes, expected: loaded.version)
      digest = StateHashing.hex(StateHashing.sha256(bytes))
    }
    if hasJournal { try await storage.clearJournal() }
    return LoadedState(
      state: next, stored: next, version: version, journal: [], hadTornJournalTail: false, stateDigest: digest)
  }

  // MARK: - Journal

  /// A group-committing writer for this store's journal (one per apply; hold the lock).
  public func journalWriter(onBatch: (@Sendable (_ appendCount: Int) -> Void)? = nil) -> JournalWriter {
    JournalWriter(storage: storage, onBatch: onBatch)
  }

  /// Folds the journal into the state document and removes the journal (the end of an apply, or
  /// recovery of a crashed one). Writes only if the fold changed something (serial + 1).
  public func commitJournal() async throws(StateError) -> LoadedState {
    let loaded = try await load()
    if loaded.journal.isEmpty && !loaded.hadTornJournalTail { return loaded }
    var version = loaded.version
    if loaded.stored != loaded.state || loaded.stored == nil {
      version = try await storage.writeState(loaded.state.canonicalBytes, expected: loaded.version)
    }
    try await storage.clearJournal()
    // After a change the file holds exactly the canonical bytes whose digest `load` reported;
    // without one it is unchanged, so the reported digest stands either way.
    return LoadedState(
      state: loaded.state, stored: loaded.state, version: version, journal: [], hadTornJournalTail: false,
      stateDigest: loaded.stateDigest)
  }
}

/// The result of ``StateStore/load(createIfMissing:)``.
public struct LoadedState: Sendable, Hashable {
  /// The state every command works with: the document with the journal folded in.
  public var state: State
  /// The document as stored, nil when there is none.
  public var stored: State?
  /// Its version token (for compare-and-swap), nil when there is none.
  public var version: StateVersion?
  /// Journal entries not yet folded into the document (non-empty after a crashed apply).
  public var journal: [JournalEntry]
  /// A torn last journal line (a crash mid-write) was ignored.
  public var hadTornJournalTail: Bool
  /// SHA-256 (hex) that a plan binds to (with `state.lineage` and `state.serial`): of the stored
  /// document's bytes when there is no journal to fold (they are ``State/canonicalBytes`` for
  /// every file immplan wrote, and hashing them skips a re-encoding of a large state), else
  /// ``State/stateDigest`` of the folded state — exactly the bytes committing the journal writes,
  /// so plan time and apply time agree.
  public var stateDigest: String

  /// True when no state document exists yet.
  public var isNew: Bool { version == nil }
}

extension StateEnvironment {
  /// The real clock, UUIDs, system randomness and `user@host`.
  public static let live = StateEnvironment(
    makeID: { UUID().uuidString.lowercased() },
    now: { Timestamp(secondsSince1970: Int64(Date().timeIntervalSince1970.rounded(.down))) },
    randomBytes: { count in
      var generator = SystemRandomNumberGenerator()
      return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    },
    who: {
      let environment = ProcessInfo.processInfo.environment
      let user = environment["USER"] ?? environment["LOGNAME"] ?? "unknown"
      // gethostname, not ProcessInfo.hostName: the latter may resolve names over the network.
      var buffer = [CChar](repeating: 0, count: 256)
      let named = gethostname(&buffer, 255) == 0
      let host =
        named
        ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "unknown-host"
      return "\(user)@\(host)"
    })
}
