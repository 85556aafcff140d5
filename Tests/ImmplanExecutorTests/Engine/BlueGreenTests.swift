import Foundation
import ImmplanParser
import Testing

@testable import ImmplanExecutor

/// Blue/green on the sim: a replacement fleet that fails its health gate is destroyed, and the old
/// fleet, template and image stay.
@Suite struct BlueGreenTests {
  let fleetIdentity: [String: Value] = [
    "launch_template": .string("lt-x"), "min_size": .number(Number(3)), "max_size": .number(Number(3)),
  ]

  /// Creates generation 1 of image, template and fleet `web`, then returns the replace graph to g2.
  func setUp(_ sim: SimProvider) async throws -> [ExecutionOperation] {
    let old = try await Executor(
      provider: sim, journal: InMemoryJournal(), clock: sim.clock, options: .init(progressInterval: nil)
    )
    .run([
      create("i1", "image.web", name: "web-g1", identity: ["source": .string("base")]),
      create("l1", "launch_template.web", name: "web-g1", dependsOn: ["i1"], identity: ["image": .string("x")]),
      create(
        "f1", "fleet.web", name: "web-g1", dependsOn: ["l1"], identity: fleetIdentity,
        gate: HealthGate(desiredCapacity: 3)),
    ])
    #expect(old.status == .succeeded)
    let image1 = SimProvider.cloudID(.image, plannedName: "web-g1")
    let template1 = SimProvider.cloudID(.launchTemplate, plannedName: "web-g1")
    let gate = HealthGate(desiredCapacity: 3, gracePeriod: .seconds(30), timeout: .seconds(300))
    return [
      create("i2", "image.web", name: "web-g2", identity: ["source": .string("base2")]),
      create("l2", "launch_template.web", name: "web-g2", dependsOn: ["i2"], identity: ["image": .string("y")]),
      create(
        "f2", "fleet.web", name: "web-g2", dependsOn: ["l2"], identity: fleetIdentity, gate: gate, replacing: "web-g1"),
      destroy("f1-", "fleet.web", cloudID: "web-g1", name: "web-g1", dependsOn: ["f2"]),
      destroy("l1-", "launch_template.web", cloudID: template1, name: "web-g1", dependsOn: ["f1-"]),
      destroy("i1-", "image.web", cloudID: image1, name: "web-g1", dependsOn: ["l1-"]),
    ]
  }

  @Test func healthyReplacementRetiresTheOldGeneration() async throws {
    let sim = SimProvider(directory: temporaryDirectory(), clock: VirtualClock())
    let operations = try await setUp(sim)
    let report = try await Executor(
      provider: sim, journal: InMemoryJournal(), clock: sim.clock, options: .init(progressInterval: nil)
    ).run(operations)
    #expect(report.status == .succeeded)
    #expect(files(in: sim.directory, kind: .fleet) == ["web-g2.json"])
    #expect(files(in: sim.directory, kind: .image) == [SimProvider.cloudID(.image, plannedName: "web-g2") + ".json"])
  }

  @Test func unhealthyReplacementIsRolledBackAndTheOldOneKept() async throws {
    let clock = VirtualClock()
    let directory = temporaryDirectory()
    let healthySim = SimProvider(directory: directory, clock: clock)
    let operations = try await setUp(healthySim)
    let sim = SimProvider(directory: directory, failures: ["fleet.web": .health], clock: clock)
    let journal = InMemoryJournal()
    let reporter = RecordingReporter()
    let report = try await Executor(
      provider: sim, journal: journal, reporter: reporter, clock: clock, options: .init(progressInterval: nil)
    ).run(operations)

    #expect(report.status == .failed)
    #expect(report.failures.keys.sorted() == ["f2"])
    #expect(report.rollbacks.count == 1)
    let rollback = try #require(report.rollbacks.first)
    #expect(rollback.result == .destroyed)
    #expect(rollback.object.plannedName == "web-g2")
    #expect(rollback.kept == "web-g1")
    // The old fleet, and the image and template it uses, stay; the new fleet is gone.
    #expect(files(in: directory, kind: .fleet) == ["web-g1.json"])
    #expect(files(in: directory, kind: .image).count == 2)
    #expect(files(in: directory, kind: .launchTemplate).count == 2)
    #expect(report.skipped.keys.sorted() == ["f1-", "i1-", "l1-"])
    // The rollback is journaled as its own destroy.
    #expect(
      journal.entries.contains(
        .intent(
          ExecutionOperation(
            id: "f2#rollback", address: address("fleet.web"),
            action: .destroy(cloudID: "web-g2", plannedName: "web-g2"),
            dependsOn: ["f2"]))))
    #expect(journal.unresolved.isEmpty)
    let lines = reporter.lines
    #expect(
      lines.contains {
        $0.hasPrefix("fleet.web: rolled back: destroyed web-g2, kept web-g1, because `web-g2` had 0/3 healthy")
      })
    #expect(lines.contains("fleet.web: not destroying web-g1, because fleet.web failed"))
  }

  @Test func failingCreateNeedsNoRollback() async throws {
    let sim = SimProvider(directory: temporaryDirectory(), failures: ["fleet.web": .create], clock: VirtualClock())
    let report = try await Executor(
      provider: sim, journal: InMemoryJournal(), clock: sim.clock, options: .init(progressInterval: nil)
    ).run([
      create("f", "fleet.web", name: "web-g1", identity: fleetIdentity, gate: HealthGate(desiredCapacity: 3))
    ])
    #expect(report.status == .failed)
    #expect(report.rollbacks.isEmpty)
  }
}
