import Foundation
import ImmplanParser

/// The health gate of BRIEF §5, owned by the engine and the same for every provider: checks count
/// only after the grace period; `desiredCapacity` healthy instances must show up within the
/// timeout, which runs from the grace period's end; then they must stay healthy for the bake
/// time (a drop restarts the bake). A provider only answers "how healthy is this fleet now"
/// (``Provider/fleetHealth(fleetID:plannedName:context:)``).
extension Provider {
  /// Waits on `clock` until the fleet passes `gate`, calling `progress` after each look;
  /// ``ProviderError/timedOut(message:)`` when the timeout passes first.
  func waitUntilHealthy(
    fleetID: String, plannedName: String, gate: HealthGate, context: ProviderContext, clock: any ExecutionClock,
    progress: @escaping @Sendable (HealthProgress) -> Void
  ) async throws(ProviderError) -> HealthReport {
    let start = clock.now
    let graceEnd = start.addingTimeInterval(gate.gracePeriod.timeInterval)
    let deadline = graceEnd.addingTimeInterval(gate.timeout.timeInterval)
    var bakeStart: Date?
    func sleep(_ duration: Duration) async throws(ProviderError) {
      do {
        try await clock.sleep(for: duration)
      } catch {
        throw .cancelled
      }
    }
    while true {
      let health = try await fleetHealth(fleetID: fleetID, plannedName: plannedName, context: context)
      let now = clock.now
      let elapsed = clock.elapsed(since: start)
      func report(_ phase: HealthProgress.Phase) {
        progress(HealthProgress(phase: phase, healthy: health.healthy, desired: gate.desiredCapacity, elapsed: elapsed))
      }
      if now < graceEnd {
        report(.grace)
        try await sleep(min(health.nextLook, Self.duration(from: now, to: graceEnd)))
        continue
      }
      if health.healthy >= gate.desiredCapacity {
        let began = bakeStart ?? now
        bakeStart = began
        let bakeEnd = began.addingTimeInterval(gate.bakeTime.timeInterval)
        report(.baking)
        if now >= bakeEnd {
          return HealthReport(healthy: health.healthy, desired: gate.desiredCapacity, elapsed: elapsed)
        }
        try await sleep(min(health.nextLook, Self.duration(from: now, to: bakeEnd)))
        continue
      }
      bakeStart = nil
      report(.waiting)
      if now >= deadline {
        throw .timedOut(
          message: "`\(plannedName)` had \(health.healthy)/\(gate.desiredCapacity) healthy instances "
            + "\(gate.timeout.displayText) after its grace period of \(gate.gracePeriod.displayText)")
      }
      try await sleep(min(health.nextLook, Self.duration(from: now, to: deadline)))
    }
  }

  /// At least a microsecond, so that every wait makes progress.
  private static func duration(from start: Date, to end: Date) -> Duration {
    .microseconds(max(1, Int64(saturating: (end.timeIntervalSince(start) * 1_000_000).rounded(.up))))
  }
}
