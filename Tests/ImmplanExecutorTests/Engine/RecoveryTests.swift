import Foundation
import ImmplanParser
import Testing

@testable import ImmplanExecutor

@Suite struct RecoveryTests {
  let fleetIdentity: [String: Value] = [
    "launch_template": .string("lt-x"), "min_size": .number(Number(2)), "max_size": .number(Number(2)),
  ]

  @Test func adoptsWhatAnInterruptedApplyLeftBehind() async throws {
    let directory = temporaryDirectory()
    let clock = BlockingClock()
    let crashed = SimProvider(directory: directory, latency: .seconds(5), clock: clock)
    let journal = InMemoryJournal()
    let operations = [
      create("image", "image.web", name: "web-g1", identity: ["source": .string("base")]),
      create("other", "image.other", name: "other-g1", identity: ["source": .string("base")]),
    ]
    // The apply is "killed" while the image create waits on its latency: intent journaled, no outcome.
    let executor = Executor(
      provider: crashed, journal: journal, clock: clock, options: .init(parallelism: 1, progressInterval: nil))
    let task = Task { try await executor.run(operations) }
    await clock.waitForSleeper()
    task.cancel()
    clock.release(advancing: .seconds(1))
    _ = try? await task.value
    let pending = journal.unresolved
    #expect(pending.map(\.id) == ["image"])

    let sim = SimProvider(directory: directory, clock: VirtualClock())
    let results = await Recovery.resolve(pending + [operations[1]], provider: sim)
    guard case .adopted(let object, nil) = results[0].resolution else {
      Issue.record("expected adoption, got \(results[0].resolution)")
      return
    }
    #expect(object.cloudID == SimProvider.cloudID(.image, plannedName: "web-g1"))
    #expect(results[1].resolution == .absent)
  }

  @Test func aFleetFoundButNotHealthyIsWaitedOnAgain() async throws {
    let directory = temporaryDirectory()
    let clock = VirtualClock()
    let sim = SimProvider(directory: directory, latency: .seconds(20), clock: clock)
    let blocked = SimProvider(directory: directory, latency: .seconds(20), clock: BlockingClock())
    let context = ProviderContext(address: ResourceAddress(kind: .fleet, name: "web"), operationID: "f")
    let task = Task {
      try await blocked.create(
        .fleet, plannedName: "web-g1", identity: fleetIdentity, knownOutputs: [:], context: context)
    }
    for _ in 0..<1000 where files(in: directory, kind: .fleet).isEmpty { try await Task.sleep(for: .milliseconds(1)) }
    task.cancel()
    let operation = create(
      "f", "fleet.web", name: "web-g1", identity: fleetIdentity,
      gate: HealthGate(desiredCapacity: 2, timeout: .seconds(60)))
    let resolution = await Recovery.resolve(operation, provider: sim, clock: clock)
    guard case .adopted(_, let health?) = resolution else {
      Issue.record("expected adoption with health, got \(resolution)")
      return
    }
    #expect(health.healthy == 2)
    #expect(health.elapsed >= .seconds(20))

    let failing = SimProvider(directory: directory, failures: ["fleet.web": .health], clock: clock)
    let other = create(
      "g", "fleet.web", name: "web-g1", identity: fleetIdentity,
      gate: HealthGate(desiredCapacity: 2, timeout: .seconds(5)))
    guard case .adoptedUnhealthy = await Recovery.resolve(other, provider: failing) else {
      Issue.record("expected an unhealthy adoption")
      return
    }
  }

  @Test func pendingDestroysAreFinished() async throws {
    let directory = temporaryDirectory()
    let sim = SimProvider(directory: directory, clock: VirtualClock())
    let context = ProviderContext(address: ResourceAddress(kind: .image, name: "web"), operationID: "d")
    let image = try await sim.create(.image, plannedName: "web-g1", identity: [:], knownOutputs: [:], context: context)
    let operations = [
      destroy("d", "image.web", cloudID: image.cloudID, name: "web-g1"),
      destroy("gone", "image.old", cloudID: "ami-0", name: "old-g1"),
      ExecutionOperation(id: "s", address: address("fleet.api"), action: .recordSettings),
    ]
    let results = await Recovery.resolve(operations, provider: sim, parallelism: 2)
    #expect(results.map(\.resolution) == [.destroyed, .destroyed, .nothingToDo])
    #expect(files(in: directory, kind: .image).isEmpty)
  }
}
