import ImmplanParser
import Testing

@testable import ImmplanExecutor

@Suite struct PlainTextReporterTests {
  let fleet = create(
    "f", "fleet.web", name: "immplan-web-g8", gate: HealthGate(desiredCapacity: 3), replacing: "immplan-web-g7")

  @Test func linesLookLikeTheBrief() {
    let object = CreatedObject(kind: .fleet, cloudID: "immplan-web-g8", plannedName: "immplan-web-g8", outputs: [:])
    let progress = HealthProgress(phase: .waiting, healthy: 2, desired: 3, elapsed: .seconds(40))
    let image = CreatedObject(kind: .image, cloudID: "ami-0b7e", plannedName: "immplan-web-g8", outputs: [:])
    let imageOperation = create("i", "image.web", name: "immplan-web-g8")
    let old = destroy("d", "fleet.web", cloudID: "immplan-web-g7", name: "immplan-web-g7")
    let events: [ExecutionEvent] = [
      .started(imageOperation),
      .finished(imageOperation, elapsed: .seconds(134), outcome: .created(image, health: nil)),
      .started(fleet),
      .stillWaiting(fleet, elapsed: .seconds(40), health: progress),
      .finished(
        fleet, elapsed: .seconds(62),
        outcome: .created(object, health: HealthReport(healthy: 3, desired: 3, elapsed: .seconds(60)))),
      .finished(
        old, elapsed: .seconds(35), outcome: .destroyed(cloudID: "immplan-web-g7", plannedName: "immplan-web-g7")),
      .finished(imageOperation, elapsed: .milliseconds(400), outcome: .created(image, health: nil)),
    ]
    #expect(
      events.compactMap(PlainTextReporter.line(for:)) == [
        "image.web: creating immplan-web-g8…",
        "image.web: created ami-0b7e (2m14s)",
        "fleet.web: creating immplan-web-g8… waiting for 3/3 healthy instances",
        "fleet.web: still creating… (40s, 2/3 healthy)",
        "fleet.web: created immplan-web-g8 (1m02s, 3/3 healthy)",
        "fleet.web: destroyed immplan-web-g7 (35s)",
        "image.web: created ami-0b7e (0.4s)",
      ])
  }

  @Test func failuresAndRollbacksSayWhat() {
    let object = CreatedObject(kind: .fleet, cloudID: "immplan-web-g8", plannedName: "immplan-web-g8", outputs: [:])
    let reason = ExecutionFailure.provider(
      .timedOut(message: "`immplan-web-g8` had 1/3 healthy instances 10m00s after its grace period of 1m30s"))
    let record = RollbackRecord(
      operationID: "f", address: address("fleet.web"), object: object, kept: "immplan-web-g7", reason: reason,
      result: .destroyed)
    #expect(
      PlainTextReporter.line(for: .failed(fleet, elapsed: .seconds(690), failure: reason))
        == "fleet.web: failed to create immplan-web-g8 after 11m30s: `immplan-web-g8` had 1/3 healthy instances 10m00s after its grace period of 1m30s"
    )
    #expect(
      PlainTextReporter.line(for: .rolledBack(record))
        == "fleet.web: rolled back: destroyed immplan-web-g8, kept immplan-web-g7, because `immplan-web-g8` had 1/3 healthy instances 10m00s after its grace period of 1m30s"
    )
  }

  @Test func durationsDisplayLikeProgressLines() {
    #expect(Duration.milliseconds(400).displayText == "0.4s")
    #expect(Duration.seconds(3).displayText == "3s")
    #expect(Duration.milliseconds(9_960).displayText == "10s")
    #expect(Duration.seconds(35).displayText == "35s")
    #expect(Duration.seconds(62).displayText == "1m02s")
    #expect(Duration.seconds(3900).displayText == "1h05m00s")
  }

  @Test func periodicStillWaitingLinesComeFromTheTicker() async throws {
    let provider = FakeProvider(latency: .milliseconds(120))
    let reporter = RecordingReporter()
    let executor = Executor(
      provider: provider, journal: InMemoryJournal(), reporter: reporter, clock: SystemClock(),
      options: .init(progressInterval: .milliseconds(30)))
    _ = try await executor.run([create("i", "image.web", name: "web-g1")])
    #expect(reporter.lines.contains { $0.hasPrefix("image.web: still creating… (") })
  }
}
