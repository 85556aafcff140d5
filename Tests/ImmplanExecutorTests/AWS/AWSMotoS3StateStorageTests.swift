import Foundation
import ImmplanPlanner
import TestSupport
import Testing

@testable import ImmplanExecutor

extension AWSMotoTests {
  /// The S3 state backend against moto's S3: compare-and-swap, journal objects, the lock.
  @Suite struct S3StateStorageTests {
    static func lock(_ id: String, operation: String = "apply") -> LockInfo {
      LockInfo(
        id: id, who: "tester@host", time: Timestamp(secondsSince1970: 1_767_225_600), operation: operation, pid: 42)
    }

    static func storage(_ endpoint: String, bucket: String, ttl: Duration = .seconds(60)) -> S3StateStorage {
      S3StateStorage(
        bucket: bucket, key: "envs/prod/immplan.state.json",
        configuration: AWSTestConfiguration.moto(endpoint: endpoint, account: "111122223333"), lockTTL: ttl,
        pollInterval: .milliseconds(100))
    }

    static func newBucket(_ endpoint: String) async throws -> String {
      let bucket = "immplan-state-\(UInt32.random(in: 0...UInt32.max))"
      try await S3Client(configuration: AWSTestConfiguration.moto(endpoint: endpoint, account: "111122223333"))
        .createBucket(bucket)
      return bucket
    }

    @Test(.requiresMoto) func stateCompareAndSwapAndBackup() async throws {
      let endpoint = try MotoEndpoint.required()
      let bucket = try await Self.newBucket(endpoint)
      let first = Self.storage(endpoint, bucket: bucket)
      let second = Self.storage(endpoint, bucket: bucket)
      #expect(first.location == "s3://\(bucket)/envs/prod/immplan.state.json")
      #expect(try await first.readState() == nil)

      let v1 = try await first.writeState(Array("{\"serial\":1}".utf8), expected: nil)
      await #expect(throws: StateError.stateChanged(path: second.location)) {
        try await second.writeState(Array("{\"serial\":1,\"other\":true}".utf8), expected: nil)
      }
      let read = try #require(try await second.readState())
      #expect(read.version == v1)
      let v2 = try await second.writeState(Array("{\"serial\":2}".utf8), expected: read.version)
      // The first writer still holds v1: its update is refused, not lost.
      await #expect(throws: StateError.stateChanged(path: first.location)) {
        try await first.writeState(Array("{\"serial\":2,\"lost\":true}".utf8), expected: v1)
      }
      let final = try #require(try await first.readState())
      #expect(final.bytes == Array("{\"serial\":2}".utf8))
      #expect(final.version == v2)
      let backup = try await S3Client(
        configuration: AWSTestConfiguration.moto(endpoint: endpoint, account: "111122223333")
      )
      .getObject(bucket: bucket, key: "envs/prod/immplan.state.json.backup")
      #expect(backup?.body == Array("{\"serial\":1}".utf8))
    }

    @Test(.requiresMoto) func journalObjectsInAppendOrder() async throws {
      let endpoint = try MotoEndpoint.required()
      let bucket = try await Self.newBucket(endpoint)
      let storage = Self.storage(endpoint, bucket: bucket)
      #expect(try await storage.readJournal().isEmpty)
      for line in ["a\n", "b\nc\n", "d\n"] { try await storage.appendJournal(Array(line.utf8)) }
      // A second writer (a later command) continues the numbering rather than overwriting.
      let later = Self.storage(endpoint, bucket: bucket)
      try await later.appendJournal(Array("e\n".utf8))
      try await storage.appendJournal(Array("f\n".utf8))
      #expect(String(decoding: try await later.readJournal(), as: UTF8.self) == "a\nb\nc\nd\ne\nf\n")
      try await later.clearJournal()
      #expect(try await storage.readJournal().isEmpty)
      #expect(S3StateStorage.journalName(42) == "0000000042")
    }

    @Test(.requiresMoto) func twoConcurrentWritersOneWinsTheLock() async throws {
      let endpoint = try MotoEndpoint.required()
      let bucket = try await Self.newBucket(endpoint)
      let writers = [Self.storage(endpoint, bucket: bucket), Self.storage(endpoint, bucket: bucket)]
      let outcomes = await withTaskGroup(of: (Int, StateError?).self) { group in
        for (index, writer) in writers.enumerated() {
          group.addTask {
            do throws(StateError) {
              try await writer.acquireLock(Self.lock("lock-\(index)"), timeout: .zero)
              return (index, nil)
            } catch {
              return (index, error)
            }
          }
        }
        var results: [(Int, StateError?)] = []
        for await result in group { results.append(result) }
        return results.sorted { $0.0 < $1.0 }
      }
      let winners = outcomes.filter { $0.1 == nil }.map { $0.0 }
      #expect(winners.count == 1)
      let winner = try #require(winners.first)
      let loser = 1 - winner
      guard case .locked(let path, let holder)? = outcomes[loser].1 else {
        Issue.record("expected a lock error, got \(String(describing: outcomes[loser].1))")
        return
      }
      #expect(path == writers[loser].location)
      #expect(holder?.id == "lock-\(winner)")
      #expect(outcomes[loser].1?.description.contains("is locked by tester@host (pid 42)") == true)

      // Waiting with a timeout gives up with the holder's details.
      await #expect(
        throws: StateError.lockTimeout(path: writers[loser].location, holder: Self.lock("lock-\(winner)"), seconds: 0.3)
      ) {
        try await writers[loser].acquireLock(Self.lock("lock-\(loser)"), timeout: .milliseconds(300))
      }
      #expect(try await writers[loser].lockHolder()?.id == "lock-\(winner)")
      await #expect(throws: StateError.notLocked(path: writers[loser].location)) {
        try await writers[loser].releaseLock(id: "lock-\(loser)")
      }
      try await writers[winner].releaseLock(id: "lock-\(winner)")
      #expect(try await writers[loser].lockHolder() == nil)
      try await writers[loser].acquireLock(Self.lock("lock-\(loser)"), timeout: .zero)
      try await writers[loser].releaseLock(id: "lock-\(loser)")
    }

    @Test(.requiresMoto) func expiredLockIsTakenOverAndForceUnlockChecksTheID() async throws {
      let endpoint = try MotoEndpoint.required()
      let bucket = try await Self.newBucket(endpoint)
      let storage = Self.storage(endpoint, bucket: bucket)
      // A holder that died long ago: its lock expired.
      let s3 = S3Client(configuration: AWSTestConfiguration.moto(endpoint: endpoint, account: "111122223333"))
      let dead =
        #"{"expires":1000,"id":"dead","operation":"apply","pid":7,"time":"2026-01-01T00:00:00Z","who":"gone@host"}"#
      try await s3.putObject(
        bucket: bucket, key: "envs/prod/immplan.state.json.lock", body: Array(dead.utf8), condition: .ifNoneMatch)
      #expect(try await storage.lockHolder()?.id == "dead")
      try await storage.acquireLock(Self.lock("fresh"), timeout: .zero)
      #expect(try await storage.lockHolder()?.id == "fresh")
      #expect(await storage.renewLock())

      let other = Self.storage(endpoint, bucket: bucket)
      await #expect(throws: StateError.lockIDMismatch(path: other.location, given: "wrong", holder: Self.lock("fresh")))
      {
        try await other.forceUnlock(id: "wrong")
      }
      try await other.forceUnlock(id: "fresh")
      #expect(try await other.lockHolder() == nil)
      // The former holder notices at its next renewal that the lock is gone.
      #expect(await storage.renewLock() == false)
      await #expect(throws: StateError.notLocked(path: other.location)) { try await other.forceUnlock(id: "fresh") }
    }
  }
}
