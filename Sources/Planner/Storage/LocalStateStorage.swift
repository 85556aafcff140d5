import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The local-file backend (BRIEF §4): `STATE` (the document), `STATE.backup` (the previous
/// version), `STATE.journal` (append-only progress) and `STATE.lock` (an `flock`, released by the
/// kernel when the holder dies, holding ``LockInfo`` as JSON). Every file has mode 0600.
///
/// Whole-state writes are atomic: a temporary file in the same directory, fsync, rename over the
/// state, fsync of the directory. The version token is the SHA-256 of the content; the
/// compare-and-swap is exact because writers hold the lock.
public final class LocalStateStorage: StateStorage {
  /// The state file's path as given.
  public let path: String
  public var location: String { path }
  public var journalLocation: String { journalPath }
  public var backupPath: String { path + ".backup" }
  public var journalPath: String { path + ".journal" }
  public var lockPath: String { path + ".lock" }

  /// How often a waiting locker retries.
  public let pollInterval: Duration
  /// Called after every fsync of a journal append (tests count group-commit batches with it).
  private let onJournalSync: (@Sendable (_ byteCount: Int) -> Void)?

  private struct HeldLock {
    var fd: Int32
    var id: String
  }
  private let held = Mutex<HeldLock?>(nil)

  public init(
    path: String, pollInterval: Duration = .milliseconds(100),
    onJournalSync: (@Sendable (_ byteCount: Int) -> Void)? = nil
  ) {
    self.path = path
    self.pollInterval = pollInterval
    self.onJournalSync = onJournalSync
  }

  deinit {
    if let lock = held.withLock({ $0 }) { close(lock.fd) }
  }

  // MARK: - State document

  public func readState() async throws(StateError) -> StoredState? {
    guard let bytes = try POSIXFile.readFile(path) else { return nil }
    let version = LocalStateStorage.version(of: bytes)
    return StoredState(bytes: bytes, version: version, digest: version.token)
  }

  static func version(of bytes: [UInt8]) -> StateVersion {
    StateVersion(token: StateHashing.hex(StateHashing.sha256(bytes)))
  }

  public func writeState(_ bytes: [UInt8], expected: StateVersion?) async throws(StateError) -> StateVersion {
    let previous = try POSIXFile.readFile(path)
    guard previous.map(LocalStateStorage.version(of:)) == expected else { throw .stateChanged(path: path) }
    if let previous {
      try writeReplacing(backupPath, with: previous)
    }
    try writeReplacing(path, with: bytes)
    return LocalStateStorage.version(of: bytes)
  }

  /// Temporary file beside `target`, fsync, rename over `target`, fsync the directory.
  private func writeReplacing(_ target: String, with bytes: [UInt8]) throws(StateError) {
    let temporary = "\(target).tmp-\(getpid())"
    guard let fd = try POSIXFile.open(temporary, O_WRONLY | O_CREAT | O_TRUNC, mode: 0o600) else { return }
    do throws(StateError) {
      // The umask cannot widen 0600, but an existing temporary from a crash may have other bits.
      guard fchmod(fd, 0o600) == 0 else { throw POSIXFile.fail(temporary, "chmod") }
      try POSIXFile.writeAll(fd, bytes, path: temporary)
      try POSIXFile.sync(fd, path: temporary)
    } catch {
      close(fd)
      unlink(temporary)
      throw error
    }
    close(fd)
    guard rename(temporary, target) == 0 else {
      let code = errno
      unlink(temporary)
      throw POSIXFile.fail(target, "rename a temporary file over", code)
    }
    try POSIXFile.syncDirectory(of: target)
  }

  // MARK: - Journal

  public func appendJournal(_ bytes: [UInt8]) async throws(StateError) {
    let existed = POSIXFile.identity(journalPath) != nil
    guard let fd = try POSIXFile.open(journalPath, O_RDWR | O_CREAT, mode: 0o600) else { return }
    defer { close(fd) }
    // Cut a torn last line (a crash mid-append) so the new lines start on a line of their own.
    let size = try POSIXFile.size(fd, path: journalPath)
    let intact = try LocalStateStorage.intactLength(fd, size: size, path: journalPath)
    if intact != size, ftruncate(fd, off_t(intact)) != 0 { throw POSIXFile.fail(journalPath, "truncate") }
    guard lseek(fd, off_t(intact), SEEK_SET) >= 0 else { throw POSIXFile.fail(journalPath, "seek in") }
    try POSIXFile.writeAll(fd, bytes, path: journalPath)
    try POSIXFile.sync(fd, path: journalPath)
    if !existed { try POSIXFile.syncDirectory(of: journalPath) }
    onJournalSync?(bytes.count)
  }

  /// The length up to and including the last newline (reading backwards in blocks).
  private static func intactLength(_ fd: Int32, size: Int, path: String) throws(StateError) -> Int {
    var end = size
    var block = [UInt8](repeating: 0, count: 4096)
    while end > 0 {
      let start = max(0, end - block.count)
      let count = block.withUnsafeMutableBytes { pread(fd, $0.baseAddress, end - start, off_t(start)) }
      guard count == end - start else { throw POSIXFile.fail(path, "read") }
      if let index = block[0..<count].lastIndex(of: 0x0a) { return start + index + 1 }
      end = start
    }
    return 0
  }

  public func readJournal() async throws(StateError) -> [UInt8] {
    try POSIXFile.readFile(journalPath) ?? []
  }

  public func clearJournal() async throws(StateError) {
    guard unlink(journalPath) == 0 else {
      if errno == ENOENT { return }
      throw POSIXFile.fail(journalPath, "remove")
    }
    try POSIXFile.syncDirectory(of: journalPath)
  }

  // MARK: - Lock

  public func acquireLock(_ info: LockInfo, timeout: Duration) async throws(StateError) {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while true {
      if try tryLock(info) { return }
      if clock.now >= deadline {
        let holder = try await lockHolder()
        if timeout == .zero { throw .locked(path: path, holder: holder) }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        throw .lockTimeout(path: path, holder: holder, seconds: seconds)
      }
      do {
        try await Task.sleep(for: min(pollInterval, clock.now.duration(to: deadline)))
      } catch {
        throw .locked(path: path, holder: try await lockHolder())
      }
    }
  }

  /// One attempt; true when locked (and the info written).
  private func tryLock(_ info: LockInfo) throws(StateError) -> Bool {
    // One lock per storage instance: a second acquire through the same instance is refused like any other.
    if held.withLock({ $0 != nil }) { return false }
    guard let fd = try POSIXFile.open(lockPath, O_RDWR | O_CREAT, mode: 0o600) else { return false }
    if flock(fd, LOCK_EX | LOCK_NB) != 0 {
      let code = errno
      close(fd)
      if code == EWOULDBLOCK || code == EINTR { return false }
      throw POSIXFile.fail(lockPath, "lock", code)
    }
    // A force-unlock may have removed the file we locked: then our lock protects nothing; retry.
    guard let mine = POSIXFile.identity(fd), let now = POSIXFile.identity(lockPath), mine == now else {
      close(fd)
      return false
    }
    do throws(StateError) {
      guard ftruncate(fd, 0) == 0 else { throw POSIXFile.fail(lockPath, "truncate") }
      guard lseek(fd, 0, SEEK_SET) >= 0 else { throw POSIXFile.fail(lockPath, "seek in") }
      try POSIXFile.writeAll(fd, info.fileBytes, path: lockPath)
    } catch {
      close(fd)
      throw error
    }
    held.withLock { $0 = HeldLock(fd: fd, id: info.id) }
    return true
  }

  public func releaseLock(id: String) async throws(StateError) {
    let lock: HeldLock? = held.withLock { held in
      guard let lock = held, lock.id == id else { return nil }
      held = nil
      return lock
    }
    guard let lock else { throw .notLocked(path: path) }
    // Clear the info only if the file is still ours (not replaced after a force-unlock).
    if let mine = POSIXFile.identity(lock.fd), let now = POSIXFile.identity(lockPath), mine == now {
      _ = ftruncate(lock.fd, 0)
    }
    flock(lock.fd, LOCK_UN)
    close(lock.fd)
  }

  public func lockHolder() async throws(StateError) -> LockInfo? {
    for attempt in 0..<20 {
      guard let fd = try POSIXFile.open(lockPath, O_RDONLY, missingIsNil: true) else { return nil }
      defer { close(fd) }
      if flock(fd, LOCK_SH | LOCK_NB) == 0 {
        flock(fd, LOCK_UN)
        return nil
      }
      if let info = LockInfo(fileBytes: try POSIXFile.readAll(fd, path: lockPath)) { return info }
      // The holder has locked but not yet written its info; give it a moment.
      if attempt < 19 { try? await Task.sleep(for: .milliseconds(10)) }
    }
    return nil
  }

  public func forceUnlock(id: String) async throws(StateError) {
    guard let holder = try await lockHolder() else { throw .notLocked(path: path) }
    guard holder.id == id else { throw .lockIDMismatch(path: path, given: id, holder: holder) }
    // The stuck holder keeps its flock on the removed file; new lockers create a fresh one.
    guard unlink(lockPath) == 0 else { throw POSIXFile.fail(lockPath, "remove") }
    try POSIXFile.syncDirectory(of: lockPath)
  }
}
