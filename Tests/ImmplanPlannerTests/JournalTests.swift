import Foundation
import ImmplanParser
import Synchronization
import Testing

@testable import ImmplanPlanner

@Suite struct JournalTests {
  let image = StateFixtures.image
  let fleet = StateFixtures.fleet

  var everyKind: [JournalEntry] {
    let rich = StateFixtures.rich()
    let record = rich.current(image)!.record
    return [
      .planApplied(planChecksum: "abc", time: Timestamp(secondsSince1970: 1_764_094_952)),
      .createStarted(image, record),
      .created(image, rich.current(image)!, previousCurrent: .retained),
      .destroyStarted(fleet, generation: 1, name: "immplan-fleet-web-g1"),
      .destroyed(fleet, generation: 1),
      .failed(fleet, generation: 7, operation: .create, message: "unhealthy: 0 of 2 instances healthy"),
      .demoted(image, generation: 1, to: .deposed),
      .promoted(image, generation: 1, previousCurrent: .retained),
      .settingsRecorded(fleet, rich.current(fleet)!.record.settings),
      .rollbackMarker(fromVersion: 3),
      .rollbackMarker(fromVersion: nil),
    ]
  }

  @Test func everyEntryKindRoundTrips() throws {
    let bytes = JournalCodec.encode(everyKind)
    let decoded = try JournalCodec.decode(bytes, path: "j")
    #expect(decoded.entries == everyKind)
    #expect(decoded.intactLength == bytes.count)
    #expect(!decoded.hadTornTail)
    #expect(bytes.filter { $0 == 0x0a }.count == everyKind.count)
    #expect(!bytes.containsBytes(StateFixtures.secret))
  }

  @Test func tornLastLineIsIgnored() throws {
    let bytes = JournalCodec.encode(everyKind)
    for cut in [bytes.count - 1, bytes.count - 10, bytes.count - 60] {
      let decoded = try JournalCodec.decode(Array(bytes[0..<cut]), path: "j")
      #expect(decoded.entries == Array(everyKind.dropLast()))
      #expect(decoded.hadTornTail)
    }
  }

  @Test func corruptMiddleLineIsAnError() {
    var bytes = JournalCodec.encode(everyKind)
    // Flip a character inside line 2's entry (keeps the layout, breaks the checksum).
    let secondLine = bytes.firstIndex(of: 0x0a)! + 1
    bytes[secondLine + 20] ^= 0x01
    #expect(throws: StateError.self) { try JournalCodec.decode(bytes, path: "j") }
    do throws(StateError) {
      _ = try JournalCodec.decode(bytes, path: "j")
    } catch {
      guard case .corruptJournal(let path, let line, let reason) = error else {
        Issue.record("got \(error)")
        return
      }
      #expect(path == "j")
      #expect(line == 2)
      #expect(reason.contains("checksum"))
    }
    var garbage = JournalCodec.encode(Array(everyKind.prefix(2)))
    garbage += Array("not json at all\n".utf8)
    garbage += JournalCodec.encode(Array(everyKind.prefix(1)))
    do throws(StateError) {
      _ = try JournalCodec.decode(garbage, path: "j")
      Issue.record("expected an error")
    } catch {
      #expect(error.description.hasPrefix("journal `j` is corrupt at line 3"))
    }
  }

  @Test func validChecksumButBadEntryNamesTheField() {
    let body = Array(#"{"address":"image.web","type":"destroyed"}"#.utf8)
    let line =
      Array(#"{"entry":"#.utf8) + body + Array(#","sha256":""#.utf8)
      + Array(StateHashing.hex(StateHashing.sha256(body)).utf8)
      + Array("\"}\n".utf8)
    do throws(StateError) {
      _ = try JournalCodec.decode(line, path: "j")
      Issue.record("expected an error")
    } catch {
      #expect(error.description.contains("line 1"))
      #expect(error.description.contains("generation"))
    }
  }

  /// A storage whose journal appends are slow, recording each batch.
  final class SlowJournalStorage: StateStorage, Sendable {
    let batches = Mutex<[[UInt8]]>([])
    var location: String { "memory" }
    var journalLocation: String { "memory.journal" }
    func readState() async throws(StateError) -> StoredState? { nil }
    func writeState(_ bytes: [UInt8], expected: StateVersion?) async throws(StateError) -> StateVersion {
      StateVersion(token: "x")
    }
    func appendJournal(_ bytes: [UInt8]) async throws(StateError) {
      try? await Task.sleep(for: .milliseconds(20))
      batches.withLock { $0.append(bytes) }
    }
    func readJournal() async throws(StateError) -> [UInt8] { batches.withLock { $0.flatMap { $0 } } }
    func clearJournal() async throws(StateError) { batches.withLock { $0 = [] } }
    func acquireLock(_ info: LockInfo, timeout: Duration) async throws(StateError) {}
    func releaseLock(id: String) async throws(StateError) {}
    func lockHolder() async throws(StateError) -> LockInfo? { nil }
    func forceUnlock(id: String) async throws(StateError) {}
  }

  @Test func groupCommitBatchesConcurrentAppenders() async throws {
    let storage = SlowJournalStorage()
    let served = Mutex<[Int]>([])
    let writer = JournalWriter(storage: storage) { count in served.withLock { $0.append(count) } }
    let tasks = 200
    try await withThrowingTaskGroup(of: Void.self) { group in
      for index in 0..<tasks {
        group.addTask {
          try await writer.append([
            .destroyStarted(StateFixtures.image, generation: index, name: "n\(index)"),
            .destroyed(StateFixtures.image, generation: index),
          ])
        }
      }
      try await group.waitForAll()
    }
    let batches = storage.batches.withLock { $0.count }
    #expect(batches < tasks / 4, "group commit should batch: \(batches) writes for \(tasks) appends")
    #expect(served.withLock { $0.reduce(0, +) } == tasks)
    let decoded = try JournalCodec.decode(try await storage.readJournal(), path: "j")
    #expect(decoded.entries.count == tasks * 2)
    // Each append's entries stay contiguous and in order.
    for pair in stride(from: 0, to: decoded.entries.count, by: 2) {
      guard case .destroyStarted(_, let generation, _) = decoded.entries[pair] else {
        Issue.record("entries interleaved")
        return
      }
      #expect(decoded.entries[pair + 1] == .destroyed(StateFixtures.image, generation: generation))
    }
  }

  @Test func groupCommitOnTheLocalBackendCountsFsyncs() async throws {
    let directory = StateFixtures.temporaryDirectory()
    defer { StateFixtures.cleanup(directory) }
    let syncs = TestCounter()
    let storage = LocalStateStorage(path: directory + "/s.json") { _ in _ = syncs.next() }
    let batches = TestCounter()
    let writer = JournalWriter(storage: storage) { _ in _ = batches.next() }
    let tasks = 100
    try await withThrowingTaskGroup(of: Void.self) { group in
      for index in 0..<tasks {
        group.addTask { try await writer.append(.destroyed(StateFixtures.image, generation: index)) }
      }
      try await group.waitForAll()
    }
    #expect(syncs.current == batches.current)
    #expect(syncs.current <= tasks)
    let decoded = try JournalCodec.decode(try await storage.readJournal(), path: "j")
    #expect(
      Set(decoded.entries) == Set((0..<tasks).map { JournalEntry.destroyed(StateFixtures.image, generation: $0) }))
    #expect(POSIXFile.mode(storage.journalPath) == 0o600)
  }

  @Test func writerRefusesAfterAFailedWrite() async {
    final class FailingStorage: StateStorage, Sendable {
      var location: String { "f" }
      var journalLocation: String { "f.journal" }
      func readState() async throws(StateError) -> StoredState? { nil }
      func writeState(_ bytes: [UInt8], expected: StateVersion?) async throws(StateError) -> StateVersion {
        StateVersion(token: "")
      }
      func appendJournal(_ bytes: [UInt8]) async throws(StateError) {
        throw .io(path: "f.journal", operation: "fsync", reason: "input/output error")
      }
      func readJournal() async throws(StateError) -> [UInt8] { [] }
      func clearJournal() async throws(StateError) {}
      func acquireLock(_ info: LockInfo, timeout: Duration) async throws(StateError) {}
      func releaseLock(id: String) async throws(StateError) {}
      func lockHolder() async throws(StateError) -> LockInfo? { nil }
      func forceUnlock(id: String) async throws(StateError) {}
    }
    let writer = JournalWriter(storage: FailingStorage())
    await #expect(throws: StateError.io(path: "f.journal", operation: "fsync", reason: "input/output error")) {
      try await writer.append(.rollbackMarker(fromVersion: 1))
    }
    do throws(StateError) {
      try await writer.append(.rollbackMarker(fromVersion: 1))
      Issue.record("expected journalClosed")
    } catch {
      guard case .journalClosed = error else {
        Issue.record("got \(error)")
        return
      }
    }
  }
}
