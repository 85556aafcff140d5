import Foundation
import ImmplanParser

extension SimProvider {
  /// Health of a sim fleet: its instances are healthy once it is ready, unless `fail` names the
  /// fleet with `health` (then they never are, and the gate times out). Instance health is
  /// computed from the fleet's `ready_at` when observed (the file is not rewritten); the next
  /// look is due after ``pollInterval``, or when the instances come up if sooner (a real cloud is
  /// polled, and the sim's cadence should not add latency).
  public func fleetHealth(fleetID: String, plannedName: String, context: ProviderContext)
    async throws(ProviderError) -> FleetHealth
  {
    let now = clock.now
    let (healthy, readyAt) = try observe(fleetID: fleetID, plannedName: plannedName, at: now)
    return FleetHealth(
      healthy: healthy, nextLook: readyAt.map { min(pollInterval, duration(from: now, to: $0)) } ?? pollInterval)
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
