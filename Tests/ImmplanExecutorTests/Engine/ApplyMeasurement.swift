import Foundation
import ImmplanParser
import Testing

@testable import ImmplanExecutor

/// BRIEF §8's apply budget as a measurement, not a timed assertion: 1,000 fresh groups (3,000
/// operations) on the sim with 200 ms latency and parallelism 100; the bound is
/// max(longest chain, operations / P) × latency = 6.0 s. Prints the time and its ratio to the
/// bound. Takes about 6 s, so it runs only with `IMMPLAN_MEASURE=1`.
@Suite struct ApplyMeasurement {
  /// User + system CPU time of this process, so the figure means something on a loaded machine.
  static func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(0, &usage)  // RUSAGE_SELF
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
      + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
  }

  @Test(.enabled(if: ProcessInfo.processInfo.environment["IMMPLAN_MEASURE"] != nil))
  func threeThousandOperationsNearTheBound() async throws {
    let groups = Int(ProcessInfo.processInfo.environment["IMMPLAN_MEASURE_GROUPS"] ?? "") ?? 1000
    let latency = Duration.milliseconds(Int64(ProcessInfo.processInfo.environment["IMMPLAN_MEASURE_LATENCY_MS"] ?? "") ?? 200)
    let parallelism = 100
    let sim = SimProvider(directory: temporaryDirectory(), latency: latency, clock: SystemClock())
    var operations: [ExecutionOperation] = []
    for group in 0..<groups {
      let name = "g\(group)"
      operations.append(create("i\(group)", "image.\(name)", name: "\(name)-i1", identity: ["source": .string("base")]))
      operations.append(
        create("l\(group)", "launch_template.\(name)", name: "\(name)-l1", dependsOn: ["i\(group)"],
          identity: ["image": .string("ami"), "instance_type": .string("t3.small")]))
      operations.append(
        create("f\(group)", "fleet.\(name)", name: "\(name)-f1", dependsOn: ["l\(group)"],
          identity: ["launch_template": .string("lt"), "min_size": .number(Number(1)), "max_size": .number(Number(1))],
          gate: HealthGate(desiredCapacity: 1)))
    }
    let journal = InMemoryJournal()
    let environment = ProcessInfo.processInfo.environment
    let provider: any Provider = environment["IMMPLAN_MEASURE_FAKE"] != nil ? FakeProvider(latency: latency) : sim
    let ticker: Duration? = environment["IMMPLAN_MEASURE_NO_TICKER"] != nil ? nil : .seconds(10)
    let executor = Executor(provider: provider, journal: journal, options: .init(parallelism: parallelism, progressInterval: ticker))
    let cpuStart = Self.cpuSeconds()
    let start = ContinuousClock.now
    let report = try await executor.run(operations)
    let elapsed = ContinuousClock.now - start
    let cpu = Self.cpuSeconds() - cpuStart
    #expect(report.status == .succeeded)
    #expect(journal.unresolved.isEmpty)
    let bound = latency * max(3, (operations.count + parallelism - 1) / parallelism)
    let ratio = elapsed.timeInterval / bound.timeInterval
    print("apply measurement: \(operations.count) operations, P=\(parallelism), latency \(latency): \(elapsed) (bound \(bound), ratio \(String(format: "%.3f", ratio))), CPU \(String(format: "%.2f", cpu)) s")
  }
}
