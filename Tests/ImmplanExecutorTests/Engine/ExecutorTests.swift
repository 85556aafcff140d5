import Foundation
import ImmplanParser
import Testing

@testable import ImmplanExecutor

@Suite struct ExecutorTests {
  func executor(
    _ provider: any Provider, journal: any ExecutionJournal = InMemoryJournal(),
    reporter: any ExecutionReporter = SilentReporter(), parallelism: Int = 10, resolver: IdentityResolver? = nil
  ) -> Executor {
    Executor(
      provider: provider, journal: journal, reporter: reporter, clock: VirtualClock(),
      options: .init(
        parallelism: parallelism, progressInterval: nil, retry: .init(maxAttempts: 3, initialDelay: .seconds(1))),
      resolveIdentity: resolver)
  }

  @Test func parallelismBoundIsHonoured() async throws {
    let provider = FakeProvider(latency: .milliseconds(15))
    let operations = (0..<40).map { create("op\($0)", "image.i\($0)", name: "i\($0)-g1") }
    let report = try await executor(provider, parallelism: 5).run(operations)
    #expect(report.status == .succeeded)
    #expect(report.outcomes.count == 40)
    #expect(provider.snapshot.maxRunning == 5)
  }

  @Test func dependenciesFinishFirst() async throws {
    let provider = FakeProvider(latency: .milliseconds(2))
    // Diamond: image → (template a, template b) → fleet; plus a destroy after the fleet.
    let operations = [
      create("fleet", "fleet.web", name: "f-g1", dependsOn: ["lt-a", "lt-b"]),
      create("lt-a", "launch_template.a", name: "a-g1", dependsOn: ["image"]),
      create("lt-b", "launch_template.b", name: "b-g1", dependsOn: ["image"]),
      create("image", "image.web", name: "i-g1"),
      destroy("old", "fleet.web", cloudID: "id-f-g0", name: "f-g0", dependsOn: ["fleet"]),
    ]
    let report = try await executor(provider).run(operations)
    #expect(report.status == .succeeded)
    let log = provider.snapshot
    func started(_ label: String) -> Int { log.started.firstIndex(of: label)! }
    func finished(_ label: String) -> Int { log.finished.firstIndex(of: label)! }
    #expect(log.finished.first == "create image.web i-g1")
    #expect(log.started.last == "destroy fleet.web f-g0")
    #expect(
      log.finished.firstIndex(of: "create launch_template.a a-g1")! < log.finished.firstIndex(
        of: "create fleet.web f-g1")!)
    #expect(
      log.finished.firstIndex(of: "create launch_template.b b-g1")! < log.finished.firstIndex(
        of: "create fleet.web f-g1")!)
  }

  @Test func failureStopsNewWorkAndSkipsDownstreamOnce() async throws {
    let provider = FakeProvider(latency: .milliseconds(5), failures: ["image.bad": "create"])
    let reporter = RecordingReporter()
    let operations = [
      create("bad", "image.bad", name: "bad-g1"),
      create("lt", "launch_template.bad", name: "bad-g1", dependsOn: ["bad"]),
      create("fleet", "fleet.bad", name: "bad-g1", dependsOn: ["lt"]),
      create("other", "image.other", name: "other-g1", dependsOn: ["slow"]),
      create("slow", "image.slow", name: "slow-g1"),
    ]
    let report = try await executor(provider, reporter: reporter, parallelism: 2).run(operations)
    #expect(report.status == .failed)
    #expect(report.exitCode == 1)
    #expect(report.failures.keys.sorted() == ["bad"])
    // `slow` was already running when `bad` failed, so it finished; nothing new started after.
    #expect(report.outcomes.keys.sorted() == ["slow"])
    #expect(report.skipped["lt"] == .dependencyFailed(operationID: "bad", address: address("image.bad")))
    #expect(report.skipped["fleet"] == .dependencyFailed(operationID: "bad", address: address("image.bad")))
    #expect(report.skipped["other"] == .stoppedAfterFailure)
    let skippedEvents = reporter.all.filter { if case .skipped = $0 { true } else { false } }
    #expect(skippedEvents.count == 3)
    #expect(provider.snapshot.started.count == 2)
    #expect(reporter.lines.contains("fleet.bad: not creating bad-g1, because image.bad failed"))
  }

  @Test func transientFailuresAreRetried() async throws {
    let provider = FakeProvider(transientFailures: ["image.web": 2])
    let reporter = RecordingReporter()
    let report = try await executor(provider, reporter: reporter).run([create("image", "image.web", name: "i-g1")])
    #expect(report.status == .succeeded)
    #expect(provider.snapshot.started.count == 3)
    #expect(reporter.lines.contains("image.web: throttled; retrying in 2s (attempt 3)"))
  }

  @Test func transientFailuresGiveUpAfterMaxAttempts() async throws {
    let provider = FakeProvider(transientFailures: ["image.web": 5])
    let journal = InMemoryJournal()
    let report = try await executor(provider, journal: journal).run([create("image", "image.web", name: "i-g1")])
    #expect(report.failures["image"] == .provider(.transient(message: "throttled")))
    // A transient create failure leaves the object uncertain: recovery resolves it by name.
    #expect(journal.unresolved.map(\.id) == ["image"])
  }

  @Test func everyProviderCallIsJournaledBeforeAndAfter() async throws {
    let provider = FakeProvider()
    let journal = InMemoryJournal()
    let gate = HealthGate(desiredCapacity: 2)
    let operations = [
      create("image", "image.web", name: "i-g1"),
      create("fleet", "fleet.web", name: "f-g1", dependsOn: ["image"], gate: gate),
      ExecutionOperation(id: "settings", address: address("fleet.api"), action: .recordSettings),
    ]
    _ = try await executor(provider, journal: journal, parallelism: 1).run(operations)
    let entries = journal.entries
    #expect(entries.count == 7)
    guard case .intent(let first) = entries[0], case .outcome(_, .created) = entries[1] else {
      Issue.record("expected intent then outcome, got \(entries)")
      return
    }
    #expect(first.id == "image")
    guard case .outcome(_, .created) = entries[3], case .outcome(_, .healthy) = entries[4] else {
      Issue.record("fleet: expected created then healthy, got \(entries)")
      return
    }
    #expect(journal.unresolved.isEmpty)
  }

  @Test func journalFailureStopsBeforeTheProviderCall() async throws {
    struct BrokenJournal: ExecutionJournal {
      struct Broken: Error {}
      func intent(_ operation: ExecutionOperation) async throws { throw Broken() }
      func outcome(_ operation: ExecutionOperation, _ result: JournalResult) async throws {}
    }
    let provider = FakeProvider()
    let report = try await executor(provider, journal: BrokenJournal()).run([create("image", "image.web", name: "i-g1")]
    )
    #expect(report.status == .failed)
    #expect(provider.snapshot.started.isEmpty)
  }

  @Test func unknownIdentityIsResolvedFromDependencyOutputs() async throws {
    let provider = FakeProvider()
    let resolver: IdentityResolver = { operation, request, outputs in
      var request = request
      guard let id = outputs[ResourceAddress(kind: .image, name: "web")]?["id"] else {
        return .failure(IdentityResolutionError(message: "no image"))
      }
      request.identity["image"] = id
      return .success(request)
    }
    let operations = [
      create("image", "image.web", name: "i-g1"),
      create("lt", "launch_template.web", name: "lt-g1", dependsOn: ["image"], identity: ["image": .unknown]),
    ]
    let report = try await executor(provider, resolver: resolver).run(operations)
    #expect(report.status == .succeeded)
    let unresolved = try await executor(provider).run([
      create("lt2", "launch_template.x", name: "x-g1", identity: ["image": .unknown])
    ])
    #expect(unresolved.failures["lt2"] == .identity(message: "`launch_template.x` has identity values not known yet"))
  }

  @Test func invalidGraphsAreRefusedBeforeAnythingRuns() async throws {
    let provider = FakeProvider()
    await #expect(throws: ExecutionGraphError.cycle(operationIDs: ["a", "b"])) {
      try await executor(provider).run([
        create("a", "image.a", name: "a", dependsOn: ["b"]), create("b", "image.b", name: "b", dependsOn: ["a"]),
      ])
    }
    await #expect(throws: ExecutionGraphError.unknownDependency(operationID: "a", dependency: "zz")) {
      try await executor(provider).run([create("a", "image.a", name: "a", dependsOn: ["zz"])])
    }
    await #expect(throws: ExecutionGraphError.duplicateID("a")) {
      try await executor(provider).run([create("a", "image.a", name: "a"), create("a", "image.b", name: "b")])
    }
    #expect(provider.snapshot.started.isEmpty)
  }

  @Test func emptyGraphSucceeds() async throws {
    let report = try await executor(FakeProvider()).run([])
    #expect(report.status == .succeeded)
  }

  @Test func destroyWithoutCloudIDFindsThePendingObjectByName() async throws {
    let sim = SimProvider(directory: temporaryDirectory(), clock: VirtualClock())
    let context = ProviderContext(address: address("image.web"), operationID: "c")
    _ = try await sim.create(.image, plannedName: "web-g3", identity: [:], knownOutputs: [:], context: context)
    let report = try await executor(sim).run([
      destroy("d", "image.web", cloudID: "", name: "web-g3"),
      destroy("e", "image.other", cloudID: "", name: "never-created"),
    ])
    #expect(report.status == .succeeded)
    #expect(files(in: sim.directory, kind: .image).isEmpty)
  }

  @Test func interruptHandlerFiresOnSIGINT() async throws {
    let signal = InterruptSignal()
    let source = signal.handleInterrupts()
    defer { source.cancel() }
    // The dispatch source arms asynchronously; until then SIGINT is ignored, so send until it lands.
    for _ in 0..<200 where signal.count == 0 {
      kill(getpid(), SIGINT)
      try await Task.sleep(for: .milliseconds(20))
    }
    #expect(signal.count >= 1)
  }
}
