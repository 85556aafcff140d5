import ImmplanParser
import Synchronization
import Testing

@testable import ImmplanExecutor

/// The engine's health gate against a provider that answers from a script: the gate's rules hold
/// whatever the provider is.
@Suite struct HealthGateTests {
  /// Answers each look with the next count of the script (the last one repeats), every `poll`.
  final class ScriptedFleet: Provider {
    let name = "scripted"
    let script: [Int]
    let poll: Duration
    let looks = Mutex(0)
    init(_ script: [Int], poll: Duration = .seconds(10)) {
      self.script = script
      self.poll = poll
    }
    func fleetHealth(fleetID: String, plannedName: String, context: ProviderContext)
      async throws(ProviderError) -> FleetHealth
    {
      let look = looks.withLock { count in
        defer { count += 1 }
        return count
      }
      return FleetHealth(healthy: script[min(look, script.count - 1)], nextLook: poll)
    }
    func create(
      _ kind: ResourceKind, plannedName: String, identity: [String: Value], knownOutputs: [String: Value],
      context: ProviderContext
    ) async throws(ProviderError) -> CreatedObject { throw .permanent(code: "Unused", message: "") }
    func destroy(_ kind: ResourceKind, cloudID: String, plannedName: String, context: ProviderContext)
      async throws(ProviderError)
    {}
    func read(_ kind: ResourceKind, cloudID: String, identity: [String: Value], context: ProviderContext)
      async throws(ProviderError) -> ReadResult
    { .matches }
    func find(_ kind: ResourceKind, plannedName: String, context: ProviderContext)
      async throws(ProviderError) -> CreatedObject?
    { nil }
  }

  let context = ProviderContext(address: ResourceAddress(kind: .fleet, name: "web"), operationID: "op")

  @Test func aDropDuringTheBakeRestartsIt() async throws {
    // Looks every 10 s: healthy, healthy, one down, then healthy for good. A bake of 25 s must
    // run uninterrupted: it restarts at the third healthy look (t = 30 s) and ends at 55 s.
    let clock = VirtualClock()
    let fleet = ScriptedFleet([3, 3, 2, 3])
    let phases = Mutex<[HealthProgress.Phase]>([])
    let report = try await fleet.waitUntilHealthy(
      fleetID: "f", plannedName: "web-g1",
      gate: HealthGate(desiredCapacity: 3, timeout: .seconds(60), bakeTime: .seconds(25)),
      context: context, clock: clock, progress: { progress in phases.withLock { $0.append(progress.phase) } })
    #expect(report.healthy == 3)
    #expect(report.elapsed == .seconds(55))
    #expect(phases.withLock { $0 } == [.baking, .baking, .waiting, .baking, .baking, .baking, .baking])
  }

  @Test func theTimeoutRunsFromTheEndOfTheGracePeriod() async throws {
    let clock = VirtualClock()
    let fleet = ScriptedFleet([0])
    await #expect(
      throws: ProviderError.timedOut(message: "`web-g1` had 0/2 healthy instances 30s after its grace period of 1m00s")
    ) {
      try await fleet.waitUntilHealthy(
        fleetID: "f", plannedName: "web-g1",
        gate: HealthGate(desiredCapacity: 2, gracePeriod: .seconds(60), timeout: .seconds(30)), context: context,
        clock: clock, progress: { _ in })
    }
    #expect(clock.now.timeIntervalSince(VirtualClock().now) == 90)
  }

  @Test func healthyDuringTheGracePeriodDoesNotCount() async throws {
    let clock = VirtualClock()
    let fleet = ScriptedFleet([2])
    let report = try await fleet.waitUntilHealthy(
      fleetID: "f", plannedName: "web-g1", gate: HealthGate(desiredCapacity: 2, gracePeriod: .seconds(45)),
      context: context, clock: clock, progress: { _ in })
    #expect(report.elapsed == .seconds(45))
  }
}
