import Foundation
import Testing

@testable import ImmplanPlanner

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct LockTests {
  private func withStores(_ body: (StateStore, StateStore, LocalStateStorage) async throws -> Void) async throws {
    let directory = StateFixtures.temporaryDirectory()
    defer { StateFixtures.cleanup(directory) }
    let path = directory + "/immplan.state.json"
    // Two storages open the lock file separately: flock locks belong to open file descriptions,
    // so they conflict exactly like two processes.
    let first = LocalStateStorage(path: path, pollInterval: .milliseconds(20))
    let second = LocalStateStorage(path: path, pollInterval: .milliseconds(20))
    try await body(
      StateStore(storage: first, environment: StateFixtures.environment()),
      StateStore(storage: second, environment: StateFixtures.environment()), first)
  }

  @Test func secondWriterFailsAtOnceWithTheHoldersDetails() async throws {
    try await withStores { one, two, storage in
      let lock = try await one.lock(operation: "apply")
      #expect(lock.who == "tester@testhost")
      #expect(POSIXFile.mode(storage.lockPath) == 0o600)
      do throws(StateError) {
        _ = try await two.lock(operation: "plan")
        Issue.record("expected locked")
      } catch {
        #expect(error == .locked(path: storage.path, holder: lock))
        #expect(error.description.contains("tester@testhost"))
        #expect(error.description.contains("`apply`"))
        #expect(error.description.contains(lock.id))
      }
      #expect(try await two.lockHolder() == lock)
      try await one.unlock(lock)
      #expect(try await two.lockHolder() == nil)
      let again = try await two.lock(operation: "plan")
      try await two.unlock(again)
    }
  }

  @Test func waitsUpToTheTimeout() async throws {
    try await withStores { one, two, storage in
      let lock = try await one.lock(operation: "apply")
      let start = ContinuousClock.now
      do throws(StateError) {
        _ = try await two.lock(operation: "plan", timeout: .milliseconds(200))
        Issue.record("expected a timeout")
      } catch {
        guard case .lockTimeout(let path, let holder, _) = error else {
          Issue.record("got \(error)")
          return
        }
        #expect(path == storage.path)
        #expect(holder == lock)
      }
      #expect(ContinuousClock.now - start >= .milliseconds(200))
      // Released while the other waits: it gets the lock.
      async let waited = two.lock(operation: "plan", timeout: .seconds(5))
      try await Task.sleep(for: .milliseconds(100))
      try await one.unlock(lock)
      let second = try await waited
      try await two.unlock(second)
    }
  }

  @Test func forceUnlockChecksTheID() async throws {
    try await withStores { one, two, storage in
      await #expect(throws: StateError.notLocked(path: storage.path)) { try await two.forceUnlock(id: "nope") }
      let stuck = try await one.lock(operation: "apply")
      do throws(StateError) {
        try await two.forceUnlock(id: "wrong")
        Issue.record("expected a mismatch")
      } catch {
        #expect(error == .lockIDMismatch(path: storage.path, given: "wrong", holder: stuck))
      }
      try await two.forceUnlock(id: stuck.id)
      #expect(try await two.lockHolder() == nil)
      let fresh = try await two.lock(operation: "apply")
      #expect(try await one.lockHolder() == fresh)
      // The stuck holder releasing later does not disturb the new lock.
      try await one.unlock(stuck)
      #expect(try await one.lockHolder() == fresh)
      try await two.unlock(fresh)
    }
  }

  @Test func releaseNeedsTheRightID() async throws {
    try await withStores { one, _, storage in
      let lock = try await one.lock(operation: "apply")
      await #expect(throws: StateError.notLocked(path: storage.path)) {
        try await storage.releaseLock(id: "other")
      }
      try await one.unlock(lock)
    }
  }

  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/flock"), "needs util-linux /usr/bin/flock"))
  func anotherProcessConflictsAndTheKernelReleasesOnDeath() async throws {
    try await withStores { one, _, storage in
      // While we hold the lock another process cannot take it.
      let lock = try await one.lock(operation: "apply")
      let probe = Process()
      probe.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
      probe.arguments = ["-n", storage.lockPath, "true"]
      try probe.run()
      probe.waitUntilExit()
      #expect(probe.terminationStatus != 0)
      try await one.unlock(lock)

      // A child holds it; once killed the kernel releases it.
      let child = Process()
      // One process (the shell execs sleep) holds the lock on fd 9, so killing it releases the lock.
      child.executableURL = URL(fileURLWithPath: "/bin/sh")
      // The child says when it holds the lock (a marker file), so a loaded machine that starts it
      // slowly cannot make this test flaky; it sleeps far longer than the test can be starved
      // (it is killed below), so it still holds the lock when we try.
      let marker = storage.lockPath + ".held"
      child.arguments = [
        "-c", "exec 9>>\"$0\"; /usr/bin/flock 9; : > \"$1\"; exec sleep 600", storage.lockPath, marker,
      ]
      try child.run()
      let deadline = ContinuousClock.now + .seconds(60)
      while !FileManager.default.fileExists(atPath: marker), ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(20))
      }
      #expect(FileManager.default.fileExists(atPath: marker))
      var blocked = false
      do {
        let mine = try await one.lock(operation: "plan")
        try await one.unlock(mine)
      } catch {
        blocked = true
      }
      #expect(blocked)
      kill(child.processIdentifier, SIGKILL)  // like `kill -9` of a holder
      child.waitUntilExit()
      let after = try await one.lock(operation: "plan", timeout: .seconds(30))
      try await one.unlock(after)
    }
  }
}
