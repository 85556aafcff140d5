import Foundation
import ImmplanPlanner

/// The S3 state backend (BRIEF §4): `s3://BUCKET/KEY` holds the state document, `KEY.backup` the
/// previous version, `KEY.journal/NNNNNNNNNN` one object per journal batch, `KEY.lock` the lock.
///
/// - The state is written with compare-and-swap on its ETag (`If-Match`, or `If-None-Match: *` for
///   the first write); a lost race is ``StateError/stateChanged(path:)``, never a lost update.
/// - Journal objects are created with `If-None-Match: *`, numbered in append order, so two writers
///   can never overwrite each other's batches.
/// - The lock object is created with `If-None-Match: *` and holds ``LockInfo`` plus an `expires`
///   time. The holder renews it (compare-and-swap on its ETag) every `lockTTL / 3`; a lock whose
///   holder died expires and is taken over with `If-Match` on the stale ETag, so two waiters cannot
///   both win it.
public actor S3StateStorage: StateStorage {
  public nonisolated let bucket: String
  public nonisolated let key: String
  public nonisolated var location: String { "s3://\(bucket)/\(key)" }
  public nonisolated var journalLocation: String { "s3://\(bucket)/\(journalPrefix)" }
  nonisolated var journalPrefix: String { key + ".journal/" }
  nonisolated var lockKey: String { key + ".lock" }
  nonisolated var backupKey: String { key + ".backup" }

  private let s3: S3Client
  private let clock: any ExecutionClock
  /// How long a lock stays valid without renewal.
  public nonisolated let lockTTL: Duration
  /// How often a waiting locker polls.
  public nonisolated let pollInterval: Duration

  private var nextJournalIndex: Int?
  private var heldLock: (id: String, info: LockInfo, etag: String)?
  private var renewal: Task<Void, Never>?

  public init(
    bucket: String, key: String, configuration: AWSConfiguration, clock: any ExecutionClock = SystemClock(),
    lockTTL: Duration = .seconds(60), pollInterval: Duration = .seconds(1)
  ) {
    self.bucket = bucket
    self.key = key
    self.s3 = S3Client(configuration: configuration)
    self.clock = clock
    self.lockTTL = lockTTL
    self.pollInterval = pollInterval
  }

  /// From a `state "s3"` block: region, endpoints and credentials as the aws provider finds them
  /// (``AWSSessionResolver``), `endpoint` for an AWS-compatible server. With the same settings as
  /// the provider it signs with the provider's own refreshing credentials.
  public init(
    bucket: String, key: String, region: String?, endpoint: String?, profile: String?,
    environment: [String: String] = ProcessInfo.processInfo.environment, clock: any ExecutionClock = SystemClock()
  ) throws(AWSError) {
    try self.init(
      bucket: bucket, key: key, region: region, endpoint: endpoint, profile: profile,
      system: .live(environment: environment), clock: clock)
  }

  init(
    bucket: String, key: String, region: String?, endpoint: String?, profile: String?, system: AWSSystem,
    clock: any ExecutionClock = SystemClock()
  ) throws(AWSError) {
    let configuration = try AWSSessionResolver(system: system).configuration(
      region: region, profile: profile, endpoint: endpoint)
    self.init(bucket: bucket, key: key, configuration: configuration, clock: clock)
  }

  // MARK: - State document

  public func readState() async throws(StateError) -> StoredState? {
    guard
      let object = try await io(
        "read", key, { () async throws(AWSError) in try await s3.getObject(bucket: bucket, key: key) })
    else { return nil }
    return StoredState(bytes: object.body, version: StateVersion(token: object.etag))
  }

  public func writeState(_ bytes: [UInt8], expected: StateVersion?) async throws(StateError) -> StateVersion {
    if let expected {
      // Keep the version being replaced as `KEY.backup` (best effort: only when it is still `expected`).
      if let current = try await io(
        "read", key, { () async throws(AWSError) in try await s3.getObject(bucket: bucket, key: key) }),
        current.etag == expected.token
      {
        _ = try await io("write", backupKey) { () async throws(AWSError) in
          try await s3.putObject(bucket: bucket, key: backupKey, body: current.body, contentType: "application/json")
        }
      }
    }
    let condition: S3WriteCondition = expected.map { .ifMatch($0.token) } ?? .ifNoneMatch
    do {
      let etag = try await s3.putObject(
        bucket: bucket, key: key, body: bytes, condition: condition, contentType: "application/json")
      return StateVersion(token: etag)
    } catch {
      if S3Client.isPreconditionFailure(error) { throw .stateChanged(path: location) }
      throw .io(path: location, operation: "write", reason: error.description)
    }
  }

  // MARK: - Journal

  public func appendJournal(_ bytes: [UInt8]) async throws(StateError) {
    guard !bytes.isEmpty else { return }
    var index = try await nextIndex()
    // Another writer may have appended meanwhile; create-once objects make a clash visible, and the
    // next free number is tried (bounded).
    for _ in 0..<100 {
      let name = journalPrefix + Self.journalName(index)
      do {
        _ = try await s3.putObject(
          bucket: bucket, key: name, body: bytes, condition: .ifNoneMatch, contentType: "text/plain")
        nextJournalIndex = index + 1
        return
      } catch {
        if !S3Client.isPreconditionFailure(error) {
          throw .io(path: "s3://\(bucket)/\(name)", operation: "write", reason: error.description)
        }
        index += 1
      }
    }
    throw .io(path: journalLocation, operation: "append to", reason: "100 journal object names in a row were taken")
  }

  public func readJournal() async throws(StateError) -> [UInt8] {
    let objects = try await journalObjects()
    var bytes: [UInt8] = []
    for object in objects {
      guard
        let body = try await io(
          "read", object.key, { () async throws(AWSError) in try await s3.getObject(bucket: bucket, key: object.key) })
      else { continue }
      bytes += body.body
    }
    return bytes
  }

  public func clearJournal() async throws(StateError) {
    for object in try await journalObjects() {
      try await io("delete", object.key) { () async throws(AWSError) in
        try await s3.deleteObject(bucket: bucket, key: object.key)
      }
    }
    nextJournalIndex = 0
  }

  /// `0000000042`: fixed width, so key order is append order.
  static func journalName(_ index: Int) -> String {
    let digits = String(index)
    return String(repeating: "0", count: max(0, 10 - digits.count)) + digits
  }

  private func journalObjects() async throws(StateError) -> [S3ObjectSummary] {
    try await io("list", journalPrefix) { () async throws(AWSError) in
      try await s3.listObjects(bucket: bucket, prefix: journalPrefix)
    }
    .filter { Int($0.key.dropFirst(journalPrefix.count)) != nil }
    .sorted { $0.key < $1.key }
  }

  private func nextIndex() async throws(StateError) -> Int {
    if let nextJournalIndex { return nextJournalIndex }
    let last = try await journalObjects().last.flatMap { Int($0.key.dropFirst(journalPrefix.count)) }
    let next = (last ?? -1) + 1
    nextJournalIndex = next
    return next
  }

  // MARK: - Lock

  public func acquireLock(_ info: LockInfo, timeout: Duration) async throws(StateError) {
    let started = clock.now
    while true {
      let body = lockBody(info)
      do {
        let etag = try await s3.putObject(
          bucket: bucket, key: lockKey, body: body, condition: .ifNoneMatch, contentType: "application/json")
        hold(info, etag: etag)
        return
      } catch {
        guard S3Client.isPreconditionFailure(error) else {
          throw .io(path: "s3://\(bucket)/\(lockKey)", operation: "create lock", reason: error.description)
        }
      }
      // Held by someone: take it over if it expired, else wait or give up.
      let current = try await readLock()
      if let current, current.expires < clock.now {
        do {
          let etag = try await s3.putObject(
            bucket: bucket, key: lockKey, body: body, condition: .ifMatch(current.etag), contentType: "application/json"
          )
          hold(info, etag: etag)
          return
        } catch {
          if !S3Client.isPreconditionFailure(error) {
            throw .io(path: "s3://\(bucket)/\(lockKey)", operation: "take over lock", reason: error.description)
          }
          continue  // someone else took it over first; look again
        }
      }
      let waited = clock.elapsed(since: started)
      if timeout <= .zero { throw .locked(path: location, holder: current?.info) }
      if waited >= timeout {
        throw .lockTimeout(path: location, holder: current?.info, seconds: timeout.timeInterval)
      }
      do {
        try await clock.sleep(for: min(pollInterval, timeout - waited))
      } catch {
        throw .lockTimeout(path: location, holder: current?.info, seconds: waited.timeInterval)
      }
    }
  }

  public func releaseLock(id: String) async throws(StateError) {
    guard let held = heldLock, held.id == id else { throw .notLocked(path: location) }
    stopRenewal()
    heldLock = nil
    // Delete only our own lock: if it expired and was taken over, it is no longer ours to delete.
    if let current = try await readLock(), current.info.id == id {
      try await io("delete", lockKey) { () async throws(AWSError) in
        try await s3.deleteObject(bucket: bucket, key: lockKey)
      }
    }
  }

  public func lockHolder() async throws(StateError) -> LockInfo? {
    try await readLock()?.info
  }

  public func forceUnlock(id: String) async throws(StateError) {
    guard let current = try await readLock() else { throw .notLocked(path: location) }
    guard current.info.id == id else { throw .lockIDMismatch(path: location, given: id, holder: current.info) }
    if heldLock?.id == id {
      stopRenewal()
      heldLock = nil
    }
    try await io("delete", lockKey) { () async throws(AWSError) in
      try await s3.deleteObject(bucket: bucket, key: lockKey)
    }
  }

  /// Renews the held lock once: a new expiry, written only if the lock is still ours (`If-Match`).
  /// Returns false when it was lost (taken over after expiring, or force-unlocked); a transient
  /// failure returns true so the next renewal tries again before the TTL runs out.
  @discardableResult
  func renewLock() async -> Bool {
    guard let held = heldLock else { return false }
    do {
      let etag = try await s3.putObject(
        bucket: bucket, key: lockKey, body: lockBody(held.info), condition: .ifMatch(held.etag),
        contentType: "application/json")
      heldLock?.etag = etag
      return true
    } catch {
      // `If-Match` on a deleted object answers 404: the lock was force-unlocked.
      let lost = S3Client.isPreconditionFailure(error) || error.code == "NoSuchKey" || error.code == "NotFound"
      if lost { heldLock = nil }
      return !lost
    }
  }

  private func hold(_ info: LockInfo, etag: String) {
    heldLock = (info.id, info, etag)
    stopRenewal()
    let interval = lockTTL / 3
    let clock = clock
    renewal = Task { [weak self] in
      while !Task.isCancelled {
        do { try await clock.sleep(for: interval) } catch { return }
        guard let self, await self.renewLock() else { return }
      }
    }
  }

  private func stopRenewal() {
    renewal?.cancel()
    renewal = nil
  }

  private struct CurrentLock {
    var info: LockInfo
    var expires: Date
    var etag: String
  }

  private func readLock() async throws(StateError) -> CurrentLock? {
    guard
      let object = try await io(
        "read", lockKey, { () async throws(AWSError) in try await s3.getObject(bucket: bucket, key: lockKey) })
    else { return nil }
    guard let info = LockInfo(fileBytes: object.body) else {
      // Unreadable lock content still blocks; it expires a TTL after it was written, which we
      // cannot know, so it counts as held until `force-unlock` (its ID is unknown: use the ETag).
      let placeholder = LockInfo(
        id: object.etag, who: "unknown", time: Timestamp(secondsSince1970: 0), operation: "unknown", pid: 0)
      return CurrentLock(info: placeholder, expires: .distantFuture, etag: object.etag)
    }
    let expires =
      Self.expiry(in: object.body) ?? Date(timeIntervalSince1970: TimeInterval(info.time.secondsSince1970))
      + lockTTL.timeInterval
    return CurrentLock(info: info, expires: expires, etag: object.etag)
  }

  /// ``LockInfo``'s JSON plus `"expires"` (seconds since 1970): readers that ignore it still see the holder.
  private func lockBody(_ info: LockInfo) -> [UInt8] {
    let expires = Int64((clock.now.timeIntervalSince1970 + lockTTL.timeInterval).rounded(.up))
    var bytes = info.fileBytes
    while bytes.last == 0x0a { bytes.removeLast() }
    guard bytes.last == UInt8(ascii: "}") else { return info.fileBytes }
    bytes.removeLast()
    return bytes + Array(",\"expires\":\(expires)}\n".utf8)
  }

  private static func expiry(in body: [UInt8]) -> Date? {
    guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
      let seconds = (object["expires"] as? NSNumber)?.doubleValue
    else { return nil }
    return Date(timeIntervalSince1970: seconds)
  }

  private func io<T>(_ operation: String, _ objectKey: String, _ body: () async throws(AWSError) -> T)
    async throws(StateError) -> T
  {
    do {
      return try await body()
    } catch {
      throw .io(path: "s3://\(bucket)/\(objectKey)", operation: operation, reason: error.description)
    }
  }
}
