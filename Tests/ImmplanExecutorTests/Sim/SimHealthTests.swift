import Foundation
import ImmplanParser
import Synchronization
import Testing

@testable import ImmplanExecutor

/// Health gating on the sim with a virtual clock: timings are exact and the tests take no time.
@Suite struct SimHealthTests {
  let context = ProviderContext(address: ResourceAddress(kind: .fleet, name: "web"), operationID: "op")
  let identity: [String: Value] = [
    "launch_template": .string("lt-1"), "min_size": .number(Number(2)), "max_size": .number(Number(4)),
    "desired_capacity": .number(Number(2)),
  ]

  func makeFleet(failures: [String: SimProvider.Failure] = [:], latency: Duration = .seconds(3)) async throws
    -> (SimProvider, CreatedObject, VirtualClock)
  {
    let clock = VirtualClock()
    let sim = SimProvider(directory: temporaryDirectory(), latency: latency, failures: failures, clock: clock)
    let fleet = try await sim.create(
      .fleet, plannedName: "web-g1", identity: identity, knownOutputs: [:], context: context)
    return (sim, fleet, clock)
  }

  @Test func healthyFleetPassesAfterGraceAndBake() async throws {
    let (sim, fleet, _) = try await makeFleet()
    let gate = HealthGate(desiredCapacity: 2, gracePeriod: .seconds(30), timeout: .seconds(60), bakeTime: .seconds(20))
    let phases = PhaseLog()
    let report = try await sim.waitUntilHealthy(
      fleetID: fleet.cloudID, plannedName: "web-g1", gate: gate, context: context, clock: sim.clock,
      progress: { phases.add($0.phase) })
    #expect(report.healthy == 2)
    #expect(report.elapsed == .seconds(50))
    #expect(phases.all.first == .grace)
    #expect(phases.all.last == .baking)
    #expect(!phases.all.contains(.waiting))
  }

  @Test func noGraceNoBakeReturnsAtOnce() async throws {
    let (sim, fleet, _) = try await makeFleet()
    let report = try await sim.waitUntilHealthy(
      fleetID: fleet.cloudID, plannedName: "web-g1", gate: HealthGate(desiredCapacity: 2), context: context,
      clock: sim.clock,
      progress: { _ in })
    #expect(report.elapsed == .zero)
  }

  @Test func aWaitBeforeTheFleetIsReadyLooksAgainWhenItBecomesReady() async throws {
    // Created at the clock's start with 200 ms latency; waited on from that instant by another
    // client (its own clock), polling every 10 s: the sim knows when the instances come up, so
    // the wait ends then, not at the next poll.
    let start = VirtualClock().now
    let (created, fleet, _) = try await makeFleet(latency: .milliseconds(200))
    let watcher = SimProvider(
      directory: created.directory, latency: .zero, clock: VirtualClock(start: start), pollInterval: .seconds(10))
    let report = try await watcher.waitUntilHealthy(
      fleetID: fleet.cloudID, plannedName: "web-g1", gate: HealthGate(desiredCapacity: 2), context: context,
      clock: watcher.clock,
      progress: { _ in })
    #expect(report.healthy == 2)
    #expect(report.elapsed == .milliseconds(200))
  }

  @Test func createReturnsWhenTheRecordedObjectIsReady() async throws {
    // `ready_at` is recorded in whole milliseconds; the create returns only once a reader of the
    // file sees the object ready, so a health check right after it never waits for a poll.
    let clock = VirtualClock(start: Date(timeIntervalSince1970: 1_767_225_600.000_6))
    let sim = SimProvider(
      directory: temporaryDirectory(), latency: .milliseconds(200), clock: clock, pollInterval: .seconds(10))
    let fleet = try await sim.create(
      .fleet, plannedName: "web-g1", identity: identity, knownOutputs: [:], context: context)
    #expect(try sim.load(.fleet, cloudID: fleet.cloudID)?.isReady(at: clock.now) == true)
    let report = try await sim.waitUntilHealthy(
      fleetID: fleet.cloudID, plannedName: "web-g1", gate: HealthGate(desiredCapacity: 2), context: context,
      clock: sim.clock,
      progress: { _ in })
    #expect(report.elapsed == .zero)
  }

  @Test func failHealthTimesOutAfterGracePlusTimeout() async throws {
    let (sim, fleet, _) = try await makeFleet(failures: ["fleet.web": .health])
    let gate = HealthGate(desiredCapacity: 2, gracePeriod: .seconds(5), timeout: .seconds(60))
    let start = sim.clock.now
    await #expect(
      throws: ProviderError.timedOut(message: "`web-g1` had 0/2 healthy instances 1m00s after its grace period of 5s")
    ) {
      try await sim.waitUntilHealthy(
        fleetID: fleet.cloudID, plannedName: "web-g1", gate: gate, context: context, clock: sim.clock,
        progress: { _ in })
    }
    #expect(sim.clock.elapsed(since: start) == .seconds(65))
    // Health is computed from `ready_at` when observed; the file, written once, is not rewritten.
    #expect(try sim.load(.fleet, cloudID: fleet.cloudID)?.instances.map(\.health) == ["unhealthy", "unhealthy"])
    let json = String(
      decoding: FileManager.default.contents(atPath: sim.path(.fleet, cloudID: fleet.cloudID))!, as: UTF8.self)
    #expect(json.contains("\"pending\""))
  }

  @Test func moreDesiredThanInstancesNeverGetsHealthy() async throws {
    let (sim, fleet, _) = try await makeFleet()
    await #expect(throws: ProviderError.self) {
      try await sim.waitUntilHealthy(
        fleetID: fleet.cloudID, plannedName: "web-g1", gate: HealthGate(desiredCapacity: 3, timeout: .seconds(10)),
        context: context, clock: sim.clock, progress: { _ in })
    }
  }

  @Test func pendingFleetBecomesHealthyWhenReady() async throws {
    // A fleet left pending by a killed client: the wait sees it ready once its latency has passed.
    let clock = VirtualClock()
    let sim = SimProvider(directory: temporaryDirectory(), latency: .seconds(10), clock: clock)
    let blocking = SimProvider(directory: sim.directory, latency: .seconds(10), clock: BlockingClock())
    let task = Task {
      try await blocking.create(.fleet, plannedName: "web-g1", identity: identity, knownOutputs: [:], context: context)
    }
    for _ in 0..<500 where files(in: sim.directory, kind: .fleet).isEmpty {
      try await Task.sleep(for: .milliseconds(2))
    }
    task.cancel()
    let report = try await sim.waitUntilHealthy(
      fleetID: "web-g1", plannedName: "web-g1", gate: HealthGate(desiredCapacity: 2, timeout: .seconds(60)),
      context: context, clock: sim.clock, progress: { _ in })
    #expect(report.elapsed >= .seconds(10))
    #expect(try sim.load(.fleet, cloudID: "web-g1")?.status == .ready)
  }

  @Test func missingFleetFailsPermanently() async throws {
    let sim = SimProvider(directory: temporaryDirectory(), clock: VirtualClock())
    await #expect(throws: ProviderError.self) {
      try await sim.waitUntilHealthy(
        fleetID: "nope", plannedName: "nope", gate: HealthGate(desiredCapacity: 1), context: context, clock: sim.clock,
        progress: { _ in }
      )
    }
  }
}

final class PhaseLog: Sendable {
  private let phases = Mutex<[HealthProgress.Phase]>([])
  func add(_ phase: HealthProgress.Phase) { phases.withLock { $0.append(phase) } }
  var all: [HealthProgress.Phase] { phases.withLock { $0 } }
}
