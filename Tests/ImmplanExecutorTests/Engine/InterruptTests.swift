import Foundation
import ImmplanParser
import Testing

@testable import ImmplanExecutor

@Suite struct InterruptTests {
  let fleetIdentity: [String: Value] = [
    "launch_template": .string("lt-x"), "min_size": .number(Number(2)), "max_size": .number(Number(2)),
  ]

  func waitUntil(_ condition: () -> Bool) async {
    for _ in 0..<2000 where !condition() { try? await Task.sleep(for: .milliseconds(1)) }
  }

  @Test func firstInterruptFinishesRunningWorkAndSkipsTheRest() async throws {
    // Long enough that the two running calls are still running when the interrupt lands, even on
    // a starved machine.
    let provider = FakeProvider(latency: .seconds(2))
    let reporter = RecordingReporter()
    let interrupts = InterruptSignal()
    let operations =
      (0..<6).map { create("op\($0)", "image.i\($0)", name: "i\($0)-g1") }
      + [create("after", "launch_template.t", name: "t-g1", dependsOn: ["op0"])]
    let executor = Executor(
      provider: provider, journal: InMemoryJournal(), reporter: reporter, clock: SystemClock(),
      options: .init(parallelism: 2, progressInterval: nil))
    async let run = executor.run(operations, interrupts: interrupts)
    await waitUntil { provider.snapshot.running == 2 }
    interrupts.fire()
    let report = try await run
    #expect(report.status == .interrupted)
    #expect(report.exitCode == 130)
    #expect(report.outcomes.count == 2)
    #expect(report.failures.isEmpty)
    #expect(report.skipped.count == 5)
    #expect(report.skipped.values.allSatisfy { $0 == .interrupted })
    #expect(
      reporter.lines.contains("Interrupt received: finishing running operations; press Ctrl-C again to stop waiting"))
  }

  @Test func firstInterruptStillRollsBackAFleetThatFailsItsGate() async throws {
    let sim = SimProvider(
      directory: temporaryDirectory(), failures: ["fleet.web": .health], clock: SystemClock(),
      pollInterval: .milliseconds(10))
    let interrupts = InterruptSignal()
    let gate = HealthGate(desiredCapacity: 2, timeout: .milliseconds(300))
    let executor = Executor(
      provider: sim, journal: InMemoryJournal(), clock: sim.clock, options: .init(progressInterval: nil))
    async let run = executor.run(
      [create("f", "fleet.web", name: "web-g2", identity: fleetIdentity, gate: gate, replacing: "web-g1")],
      interrupts: interrupts)
    await waitUntil { !files(in: sim.directory, kind: .fleet).isEmpty }
    interrupts.fire()
    let report = try await run
    #expect(report.status == .interrupted)
    #expect(report.rollbacks.map(\.result) == [.destroyed])
    #expect(files(in: sim.directory, kind: .fleet).isEmpty)
  }

  @Test func secondInterruptStopsWaitingAtOnce() async throws {
    let sim = SimProvider(
      directory: temporaryDirectory(), failures: ["fleet.web": .health], clock: SystemClock(),
      pollInterval: .milliseconds(20))
    let interrupts = InterruptSignal()
    let journal = InMemoryJournal()
    // An hour-long health timeout: without the second interrupt the run would wait for it. The
    // bound below is generous because blocking end-to-end tests can starve the 2-thread
    // cooperative pool of a loaded CI machine for a minute or more; it still proves "at once".
    let gate = HealthGate(desiredCapacity: 2, timeout: .seconds(3600))
    let executor = Executor(provider: sim, journal: journal, clock: sim.clock, options: .init(progressInterval: nil))
    let started = ContinuousClock.now
    async let run = executor.run(
      [
        create("f", "fleet.web", name: "web-g2", identity: fleetIdentity, gate: gate),
        create("t", "launch_template.t", name: "t-g1", dependsOn: ["f"]),
      ], interrupts: interrupts)
    await waitUntil { !files(in: sim.directory, kind: .fleet).isEmpty }
    interrupts.fire()
    try await Task.sleep(for: .milliseconds(50))
    interrupts.fire()
    let report = try await run
    #expect(ContinuousClock.now - started < .seconds(300))
    #expect(report.status == .interrupted)
    #expect(report.failures["f"] == .provider(.cancelled))
    #expect(report.rollbacks.map(\.result) == [.notRun])
    #expect(report.skipped["t"] == .dependencyFailed(operationID: "f", address: address("fleet.web")))
    // The fleet stays, and the journal says so: recovery will find it by name.
    #expect(files(in: sim.directory, kind: .fleet) == ["web-g2.json"])
    #expect(journal.unresolved.map(\.id) == ["f"])
  }

  @Test func interruptSignalWakesWaitersByCount() async {
    let signal = InterruptSignal()
    async let first: Void = signal.wait(forCount: 1)
    async let second: Void = signal.wait(forCount: 2)
    signal.fire()
    await first
    signal.fire()
    await second
    #expect(signal.count == 2)
    // A cancelled wait returns without an interrupt.
    let task = Task { await signal.wait(forCount: 5) }
    task.cancel()
    await task.value
  }
}
