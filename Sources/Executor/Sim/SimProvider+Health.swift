import Foundation
import ImmplanParser

extension SimProvider {
  /// Health of a sim fleet: its instances are healthy once it is ready, unless `fail` names the
  /// fleet with `health` (then they never are, and the wait times out). Checks start after the
  /// grace period; the timeout runs from its end; once healthy, the fleet must stay so for the
  /// bake time. Instance health is computed from the fleet's `ready_at` when observed (the file is
  /// not rewritten).
  public func waitUntilHealthy(
    fleetID: String, plannedName: String, gate: HealthGate, context: ProviderContext,
    progress: @escaping @Sendable (HealthProgress) -> Void
  ) async throws(ProviderError) -> HealthReport {
    let start = clock.now
    let graceEnd = start.addingTimeInterval(gate.gracePeriod.timeInterval)
    let deadline = graceEnd.addingTimeInterval(gate.timeout.timeInterval)
    var bakeStart: Date?
    while true {
      let now = clock.now
      let (healthy, readyAt) = try observe(fleetID: fleetID, plannedName: plannedName, at: now)
      // The next look: after `pollInterval`, or when the fleet's instances come up if sooner (the
      // sim knows when; a real cloud is polled, and the sim's cadence should not add latency).
      let nextLook = readyAt.map { min(pollInterval, duration(from: now, to: $0)) } ?? pollInterval
      let elapsed = clock.elapsed(since: start)
      if now < graceEnd {
        progress(HealthProgress(phase: .grace, healthy: healthy, desired: gate.desiredCapacity, elapsed: elapsed))
        try await sleep(for: min(pollInterval, duration(from: now, to: graceEnd)))
        continue
      }
      if healthy >= gate.desiredCapacity {
        let bakeBegan = bakeStart ?? now
        bakeStart = bakeBegan
        let bakeEnd = bakeBegan.addingTimeInterval(gate.bakeTime.timeInterval)
        if now >= bakeEnd {
          progress(HealthProgress(phase: .baking, healthy: healthy, desired: gate.desiredCapacity, elapsed: elapsed))
          return HealthReport(healthy: healthy, desired: gate.desiredCapacity, elapsed: elapsed)
        }
        progress(HealthProgress(phase: .baking, healthy: healthy, desired: gate.desiredCapacity, elapsed: elapsed))
        try await sleep(for: min(pollInterval, duration(from: now, to: bakeEnd)))
        continue
      }
      bakeStart = nil
      progress(HealthProgress(phase: .waiting, healthy: healthy, desired: gate.desiredCapacity, elapsed: elapsed))
      if now >= deadline {
        throw .timedOut(
          message: "`\(plannedName)` had \(healthy)/\(gate.desiredCapacity) healthy instances "
            + "\(gate.timeout.displayText) after its grace period of \(gate.gracePeriod.displayText)")
      }
      try await sleep(for: min(nextLook, duration(from: now, to: deadline)))
    }
  }

  /// Healthy instance count, and when the fleet becomes ready if it is not yet. The `fail` map of
  /// this run decides health (``load(_:cloudID:)``), also for a fleet that was healthy before.
  private func observe(fleetID: String, plannedName: String, at now: Date) throws(ProviderError) -> (
    healthy: Int, readyAt: Date?
  ) {
    guard var fleet = try load(.fleet, cloudID: fleetID) else {
      throw .permanent(code: "ValidationError", message: "fleet `\(plannedName)` not found")
    }
    let ready = fleet.isReady(at: now)
    if ready { markReady(&fleet) }
    return (fleet.instances.count { $0.health == "healthy" }, ready ? nil : fleet.readyAt)
  }

  /// At least a microsecond, so that every wait makes progress.
  private func duration(from start: Date, to end: Date) -> Duration {
    .microseconds(max(1, Int64(saturating: (end.timeIntervalSince(start) * 1_000_000).rounded(.up))))
  }
}
