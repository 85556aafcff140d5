import Foundation
import ImmplanParser
import Synchronization
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
    // Per operation: its intent, then its outcomes in call order (intents of other operations may
    // be journaled ahead, while they wait for a slot).
    func sequence(_ id: String) -> [String] {
      entries.compactMap { entry in
        switch entry {
        case .intent(let operation) where operation.id == id: "intent"
        case .outcome(let operation, .created) where operation.id == id: "created"
        case .outcome(let operation, .healthy) where operation.id == id: "healthy"
        case .outcome(let operation, .settingsRecorded) where operation.id == id: "settings"
        case .outcome(let operation, _) where operation.id == id: "other"
        default: nil
        }
      }
    }
    #expect(sequence("image") == ["intent", "created"])
    #expect(sequence("fleet") == ["intent", "created", "healthy"])
    #expect(sequence("settings") == ["intent", "settings"])
    #expect(journal.unresolved.isEmpty)
  }

  /// Checks, at every journal call, that the provider has not started an operation before its
  /// intent, and how many intents are journaled ahead of their provider calls.
  final class AheadJournal: ExecutionJournal {
    let provider: FakeProvider
    let inner = InMemoryJournal()
    let state = Mutex<(intents: Int, maxAhead: Int, violations: [String])>((0, 0, []))
    init(provider: FakeProvider) { self.provider = provider }

    func intent(_ operation: ExecutionOperation) async throws {
      let started = provider.snapshot.started
      let label = "create \(operation.address) \(operation.plannedName ?? "")"
      state.withLock {
        $0.intents += 1
        $0.maxAhead = max($0.maxAhead, $0.intents - started.count)
        if started.contains(label) { $0.violations.append(label) }
      }
      try await inner.intent(operation)
    }

    func outcome(_ operation: ExecutionOperation, _ result: JournalResult) async throws {
      try await inner.outcome(operation, result)
    }
  }

  @Test func promoteMakesARetainedObjectCurrentWithoutACreateAndFailsWhenItIsGone() async throws {
    let provider = FakeProvider()
    let built = try await executor(provider).run([create("build", "image.web", name: "web-g1")])
    guard case .created(let object, _)? = built.outcomes["build"] else {
      Issue.record("expected the image to be built, got \(built)")
      return
    }
    let journal = InMemoryJournal()
    let promote = ExecutionOperation(
      id: "promote image.web#g1", address: address("image.web"),
      action: .promote(object, generation: 1, identity: [:]))
    let template = create(
      "lt", "launch_template.web", name: "web-g2", dependsOn: ["promote image.web#g1"],
      identity: ["image": .unknown])
    let resolver: IdentityResolver = { _, request, outputs in
      var resolved = request
      resolved.identity["image"] = outputs[address("image.web")]?["id"] ?? .null
      return .success(resolved)
    }
    let report = try await executor(provider, journal: journal, resolver: resolver).run([promote, template])
    #expect(report.status == .succeeded)
    #expect(report.outcomes["promote image.web#g1"] == .promoted(object))
    // Nothing was created for the image; the template got its ID.
    #expect(provider.snapshot.started == ["create image.web web-g1", "create launch_template.web web-g2"])
    guard case .created(let lt, _)? = report.outcomes["lt"] else {
      Issue.record("expected the template, got \(report)")
      return
    }
    #expect(provider.snapshot.objects.values.contains { $0.cloudID == lt.cloudID })
    #expect(journal.entries.contains(.outcome(promote, .promoted(object))))

    let gone = ExecutionOperation(
      id: "promote image.web#g0", address: address("image.web"),
      action: .promote(
        CreatedObject(kind: .image, cloudID: "ami-gone", plannedName: "web-g0", outputs: [:]), generation: 0,
        identity: [:]))
    let failed = try await executor(provider).run([gone])
    #expect(failed.status == .failed)
    #expect(
      failed.failures[gone.id]
        == .provider(.permanent(code: "RetainedGenerationGone", message: "`web-g0` no longer exists")))
  }

  @Test func intentsAreJournaledAheadButNeverAfterTheCall() async throws {
    let provider = FakeProvider(latency: .milliseconds(20))
    let journal = AheadJournal(provider: provider)
    let operations = (0..<12).map { create("op\($0)", "image.i\($0)", name: "i\($0)-g1") }
    let report = try await executor(provider, journal: journal, parallelism: 3).run(operations)
    #expect(report.status == .succeeded)
    let state = journal.state.withLock { $0 }
    #expect(state.violations.isEmpty)
    #expect(state.intents == 12)
    // Up to `parallelism` intents wait for a slot, durable, so a freed slot starts a call at once.
    #expect(state.maxAhead == 3)
    #expect(provider.snapshot.maxRunning == 3)
    #expect(journal.inner.unresolved.isEmpty)
  }

  @Test func intentsJournaledAheadOfAStoppedRunAreSettledAsNotStarted() async throws {
    let provider = FakeProvider(latency: .milliseconds(20), failures: ["image.a": "create"])
    let journal = InMemoryJournal()
    let operations = [
      create("a", "image.a", name: "a-g1"), create("b", "image.b", name: "b-g1"), create("c", "image.c", name: "c-g1"),
    ]
    let report = try await executor(provider, journal: journal, parallelism: 1).run(operations)
    #expect(report.status == .failed)
    #expect(provider.snapshot.started == ["create image.a a-g1"])
    // `b` was journaled while `a` ran; the run stopped before calling the provider for it.
    #expect(journal.entries.contains(.outcome(operations[1], .notStarted)))
    #expect(report.skipped["b"] == .stoppedAfterFailure)
    #expect(report.skipped["c"] == .stoppedAfterFailure)
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
