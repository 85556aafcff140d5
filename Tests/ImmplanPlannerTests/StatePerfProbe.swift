import Foundation
import ImmplanParser
import Testing

@testable import ImmplanPlanner

/// Prints state encode/decode CPU times for 100,002 resources. A probe, not a timed test: run it with
/// `IMMPLAN_STATE_PERF=1 swift test -c release -Xswiftc -enable-testing --filter statePerfProbe`.
/// Measured (release, CPU time, shared 2-core machine): encode 1.05 s, decode 1.23 s (parse 0.63 +
/// convert 0.84), SHA-256 of the 83 MB 0.35 s, whole `StateStore.load()` 2.3 s.
@Test(.enabled(if: ProcessInfo.processInfo.environment["IMMPLAN_STATE_PERF"] != nil))
func statePerfProbe() throws {
  var resources: [ResourceAddress: ResourceState] = [:]
  for index in 0..<33_334 {
    for kind in ResourceKind.allCases {
      let address = ResourceAddress(kind: kind, name: "r\(index)")
      let record = StateFixtures.record(
        "immplan-r\(index)-g1", generation: 1,
        identity: ["source": .string("ami-123"), "instance_type": .string("t3.small"), "count": .number(Number(3))],
        dependencies: kind == .fleet ? [ResourceAddress(kind: .launchTemplate, name: "r\(index)")] : [])
      resources[address] = ResourceState(current: StateFixtures.cloud(record, id: "id-\(index)"))
    }
  }
  let state = State(lineage: "l", serial: 1, resources: resources, digestKey: StateFixtures.key)
  let cpu = CPUClockish()
  var bytes: [UInt8] = []
  let encode = cpu.measure { bytes = state.canonicalBytes }
  var decoded: State?
  let decode = try cpu.measure { decoded = try State(decoding: bytes, path: "p") }
  let digest = cpu.measure { _ = StateHashing.sha256(bytes) }
  var json: JSONValue = .null
  let parse = try cpu.measure { json = try JSONParser.parse(bytes) }
  let convert = try cpu.measure { _ = try StateFileReader(file: "p").state(from: json) }
  print("PERF parse=\(parse) convert=\(convert)")
  let directory = StateFixtures.temporaryDirectory()
  defer { StateFixtures.cleanup(directory) }
  StateFixtures.write(directory + "/s.json", bytes)
  let store = StateStore(
    storage: LocalStateStorage(path: directory + "/s.json"), environment: StateFixtures.environment())
  let semaphore = DispatchSemaphore(value: 0)
  let start = clock()
  Task {
    _ = try await store.load()
    semaphore.signal()
  }
  semaphore.wait()
  print("PERF StateStore.load (read, parse, convert, digest)=\(Double(clock() - start) / Double(CLOCKS_PER_SEC))")
  print("PERF bytes=\(bytes.count) encode=\(encode) decode=\(decode) sha=\(digest)")
  #expect(decoded == state)
}

/// Process CPU time, so a busy shared machine does not distort the probe.
struct CPUClockish {
  func measure(_ body: () throws -> Void) rethrows -> Double {
    let start = clock()
    try body()
    return Double(clock() - start) / Double(CLOCKS_PER_SEC)
  }
}
