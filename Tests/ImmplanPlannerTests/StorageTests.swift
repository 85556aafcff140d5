import Foundation
import ImmplanParser
import Testing

@testable import ImmplanPlanner

@Suite struct StorageTests {
  let image = StateFixtures.image

  private func withStore(_ body: (StateStore, LocalStateStorage, String) async throws -> Void) async throws {
    let directory = StateFixtures.temporaryDirectory()
    defer { StateFixtures.cleanup(directory) }
    let storage = LocalStateStorage(path: directory + "/immplan.state.json")
    try await body(StateStore(storage: storage, environment: StateFixtures.environment()), storage, directory)
  }

  @Test func createsWritesAtomicallyWithModeAndBackup() async throws {
    try await withStore { store, storage, directory in
      let missing = try await store.load()
      #expect(missing.isNew)
      #expect(StateFixtures.read(storage.path) == nil)

      let created = try await store.load(createIfMissing: true)
      #expect(!created.isNew)
      #expect(created.state.serial == 0)
      #expect(created.state.lineage == "id-2")  // id-1 went to the unsaved empty state of the first load
      #expect(POSIXFile.mode(storage.path) == 0o600)
      #expect(StateFixtures.read(storage.path) == created.state.canonicalBytes)
      #expect(StateFixtures.read(storage.backupPath) == nil)

      var changed = created.state
      changed.rolledBackFrom = 1
      let saved = try await store.save(changed, over: created)
      #expect(saved.state.serial == 1)
      #expect(StateFixtures.read(storage.backupPath) == created.state.canonicalBytes)
      #expect(POSIXFile.mode(storage.backupPath) == 0o600)
      #expect(try await store.load() == saved)
      // No temporary files left behind.
      let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
      #expect(names == ["immplan.state.json", "immplan.state.json.backup"])
    }
  }

  @Test func serialChangesOncePerChangingWriteNeverOnNoOp() async throws {
    try await withStore { store, storage, _ in
      let created = try await store.load(createIfMissing: true)
      let same = try await store.save(created.state, over: created)
      #expect(same == created)
      #expect(StateFixtures.read(storage.backupPath) == nil)

      var changed = created.state
      changed.rolledBackFrom = 2
      changed.serial = 99  // ignored: the store owns the serial
      let saved = try await store.save(changed, over: created)
      #expect(saved.state.serial == 1)

      // A journal of informational entries only: no state write, serial unchanged.
      let writer = store.journalWriter()
      try await writer.append(.failed(image, generation: 1, operation: .create, message: "x"))
      let afterInfo = try await store.commitJournal()
      #expect(afterInfo.state.serial == 1)
      #expect(StateFixtures.read(storage.journalPath) == nil)

      // A journal that changes something: exactly one increment however many entries.
      let g1 = StateFixtures.record("immplan-web-g1", generation: 1)
      try await writer.append([
        .createStarted(image, g1), .created(image, StateFixtures.cloud(g1, id: "ami-1"), previousCurrent: .deposed),
        .planApplied(planChecksum: "p", time: Timestamp(secondsSince1970: 5)),
      ])
      let committed = try await store.commitJournal()
      #expect(committed.state.serial == 2)
      #expect(committed.state.current(image)?.cloudID == "ami-1")
      #expect(StateFixtures.read(storage.journalPath) == nil)
      #expect(try await store.load().state == committed.state)
    }
  }

  @Test func everyReaderReplaysTheJournal() async throws {
    try await withStore { store, storage, _ in
      let created = try await store.load(createIfMissing: true)
      let g1 = StateFixtures.record("immplan-web-g1", generation: 1)
      try await store.journalWriter().append(.createStarted(image, g1))
      let loaded = try await store.load()
      #expect(loaded.stored == created.state)
      #expect(loaded.journal == [.createStarted(image, g1)])
      #expect(loaded.state.resources[image]?.generations == [.pending(g1)])
      #expect(loaded.state.serial == 1)
      // What a plan binds to now is what the apply finds after committing.
      #expect(created.stateDigest == created.state.stateDigest)
      #expect(loaded.stateDigest == loaded.state.stateDigest)
      let committed = try await store.commitJournal()
      #expect(committed.stateDigest == loaded.stateDigest)
      #expect(try await store.load().stateDigest == loaded.stateDigest)
      #expect(StateFixtures.read(storage.path) == loaded.state.canonicalBytes)
    }
  }

  @Test func saveOverAFoldedJournalWritesOnceAndClearsIt() async throws {
    try await withStore { store, storage, _ in
      _ = try await store.load(createIfMissing: true)
      let g1 = StateFixtures.record("immplan-web-g1", generation: 1)
      try await store.journalWriter().append(.createStarted(image, g1))
      let loaded = try await store.load()
      #expect(loaded.state.serial == 1)
      // Saving the folded state unchanged writes it (the file lacks the journal's changes) without a second increment.
      let saved = try await store.save(loaded.state, over: loaded)
      #expect(saved.state.serial == 1)
      #expect(StateFixtures.read(storage.journalPath) == nil)
      #expect(try await store.load() == saved)
      #expect(saved.stateDigest == loaded.stateDigest)
    }
  }

  @Test func tornJournalTailIsIgnoredAndRepairedOnAppend() async throws {
    try await withStore { store, storage, _ in
      _ = try await store.load(createIfMissing: true)
      let writer = store.journalWriter()
      try await writer.append(.rollbackMarker(fromVersion: 1))
      // Simulate a crash mid-append.
      let full = JournalCodec.encode([.rollbackMarker(fromVersion: 2)])
      let handle = FileHandle(forWritingAtPath: storage.journalPath)!
      handle.seekToEndOfFile()
      handle.write(Data(full[0..<(full.count / 2)]))
      handle.closeFile()
      let loaded = try await store.load()
      #expect(loaded.hadTornJournalTail)
      #expect(loaded.state.rolledBackFrom == 1)
      // The next append starts on a fresh line.
      try await store.journalWriter().append(.rollbackMarker(fromVersion: 3))
      let again = try await store.load()
      #expect(!again.hadTornJournalTail)
      #expect(again.journal == [.rollbackMarker(fromVersion: 1), .rollbackMarker(fromVersion: 3)])
    }
  }

  @Test func corruptFilesAreReportedAndNeverOverwritten() async throws {
    try await withStore { store, storage, _ in
      let cases: [(String, [UInt8])] = [
        ("truncated", Array(StateFixtures.rich().canonicalBytes.prefix(100))),
        ("newer", Array(#"{"format_version": 9}"#.utf8)),
        ("foreign", Array(#"{"version": 4, "terraform_version": "1.5.0"}"#.utf8)),
        ("wrong type", StateFixtures.mangled { $0["serial"] = [1] }),
      ]
      for (name, bytes) in cases {
        StateFixtures.write(storage.path, bytes)
        await #expect(throws: StateError.self, "\(name)") { try await store.load() }
        await #expect(throws: StateError.self, "\(name)") { try await store.load(createIfMissing: true) }
        await #expect(throws: StateError.self, "\(name)") { try await store.commitJournal() }
        #expect(StateFixtures.read(storage.path) == bytes, "\(name)")
        #expect(StateFixtures.read(storage.backupPath) == nil, "\(name)")
      }
    }
  }

  @Test func corruptJournalMiddleIsReportedAndLeftAlone() async throws {
    try await withStore { store, storage, _ in
      let created = try await store.load(createIfMissing: true)
      var journal = JournalCodec.encode([.rollbackMarker(fromVersion: 1)])
      journal += Array("{\"entry\":{},\"sha256\":\"00\"}\n".utf8)
      journal += JournalCodec.encode([.rollbackMarker(fromVersion: 2)])
      StateFixtures.write(storage.journalPath, journal)
      do throws(StateError) {
        _ = try await store.commitJournal()
        Issue.record("expected an error")
      } catch {
        #expect(error.description.contains("line 2"))
        #expect(error.description.contains(storage.journalPath))
      }
      #expect(StateFixtures.read(storage.journalPath) == journal)
      #expect(StateFixtures.read(storage.path) == created.state.canonicalBytes)
    }
  }

  @Test func compareAndSwapRefusesAStaleWrite() async throws {
    try await withStore { store, storage, _ in
      let first = try await store.load(createIfMissing: true)
      var a = first.state
      a.rolledBackFrom = 1
      _ = try await store.save(a, over: first)
      let current = StateFixtures.read(storage.path)
      var b = first.state
      b.rolledBackFrom = 2
      await #expect(throws: StateError.stateChanged(path: storage.path)) { try await store.save(b, over: first) }
      #expect(StateFixtures.read(storage.path) == current)
    }
  }
}

@Suite struct StateErrorDiagnosticTests {
  @Test func lockedErrorSuggestsForceUnlock() {
    let holder = LockInfo(id: "L1", who: "a@b", time: Timestamp(secondsSince1970: 0), operation: "apply", pid: 42)
    let diagnostic = StateError.locked(path: "s.json", holder: holder).diagnostic
    #expect(diagnostic.code.rawValue == "E1908")
    #expect(diagnostic.severity == .error)
    #expect(
      diagnostic.message
        == "state `s.json` is locked by a@b (pid 42) since 1970-01-01T00:00:00Z for `apply`, lock ID `L1`")
    #expect(diagnostic.help?.contains("immplan force-unlock L1") == true)
  }

  @Test func liveEnvironmentNamesUserAndHost() {
    let who = StateEnvironment.live.who()
    #expect(who.contains("@"))
    #expect(!who.hasSuffix("@"))
    #expect(StateEnvironment.live.makeID() != StateEnvironment.live.makeID())
    #expect(StateEnvironment.live.randomBytes(32).count == 32)
  }
}
