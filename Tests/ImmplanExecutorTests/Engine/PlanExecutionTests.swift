import Foundation
import ImmplanParser
import ImmplanPlanner
import Testing

@testable import ImmplanExecutor

/// The whole path of `apply` short of the command line: plan → execution operations → executor on
/// the sim, journaled through the state's group-committing writer, folded into the state.
@Suite struct PlanExecutionTests {
  /// image.web → launch_template.web → fleet.web, with `instance_type` as the knob.
  func desired(instanceType: String) -> [DesiredResource] {
    let image = ResourceAddress(kind: .image, name: "web")
    let template = ResourceAddress(kind: .launchTemplate, name: "web")
    let fleet = ResourceAddress(kind: .fleet, name: "web")
    return [
      DesiredResource(address: image, dependencies: [], settings: ResourceSettings()) { _ in
        IdentityEvaluation(attributes: ["source": .string("debian-12")], diagnostics: [])
      },
      DesiredResource(address: template, dependencies: [image], settings: ResourceSettings()) { outputs in
        IdentityEvaluation(
          attributes: ["image": outputs[image]?["id"] ?? .unknown, "instance_type": .string(instanceType)],
          diagnostics: [])
      },
      DesiredResource(
        address: fleet, dependencies: [template],
        settings: ResourceSettings(healthCheck: HealthCheckSettings(), rollout: RolloutSettings())
      ) { outputs in
        IdentityEvaluation(
          attributes: [
            "launch_template": outputs[template]?["id"] ?? .unknown, "min_size": .number(Number(2)),
            "max_size": .number(Number(2)),
          ], diagnostics: [])
      },
    ]
  }

  /// Plans `resources` against the store's state and applies the plan on `sim`.
  func apply(_ resources: [DesiredResource], store: StateStore, sim: SimProvider) async throws -> (
    ExecutionReport, State
  ) {
    let loaded = try await store.load(createIfMissing: true)
    let outcome = Planner.plan(
      PlanRequest(desired: resources, state: loaded.state, stateDigest: "d", isNewState: loaded.state.resources.isEmpty)
    )
    let plan = try #require(outcome.plan)
    let state = loaded.state
    let resolver: IdentityResolver = { operation, request, outputs in
      guard let resource = resources.first(where: { $0.address == operation.address }) else {
        return .failure(IdentityResolutionError(message: "no resource"))
      }
      var known: [ResourceAddress: ResourceOutputs] = [:]
      for dependency in resource.dependencies {
        known[dependency] = outputs[dependency] ?? state.resources[dependency]?.current?.outputs.mapValues(Value.string)
      }
      var resolved = request
      resolved.identity = resource.evaluateIdentity(known).attributes
      if operation.address.kind == .image {
        let recorded = resolved.identity.mapValues { RecordedValue($0, key: state.digestKey) }
        resolved.knownOutputs["digest"] = ObjectDigest.digest(of: recorded).map(Value.string) ?? .null
      }
      return .success(resolved)
    }
    let journal = StateJournal(writer: store.journalWriter(), plan: plan, digestKey: state.digestKey)
    let executor = Executor(
      provider: sim, journal: journal, clock: sim.clock, options: .init(progressInterval: nil),
      resolveIdentity: resolver)
    let report = try await executor.run(try plan.executionOperations())
    let committed = try await store.commitJournal()
    return (report, committed.state)
  }

  /// Every live object in the sim directory, as `kind/planned name`.
  func simObjects(_ sim: SimProvider) throws -> [String] {
    var names: [String] = []
    for kind in ResourceKind.allCases {
      for file in files(in: sim.directory, kind: kind) {
        let object = try #require(try sim.load(kind, cloudID: String(file.dropLast(5))))
        names.append("\(kind.rawValue)/\(object.name)")
      }
    }
    return names.sorted()
  }

  func stateObjects(_ state: State) -> [String] {
    state.resources.flatMap { address, resource in
      resource.allObjects.map { "\(address.kind.rawValue)/\($0.record.name)" }
    }.sorted()
  }

  @Test func createThenReplaceCascadeKeepsStateAndCloudInStep() async throws {
    let directory = temporaryDirectory()
    let store = StateStore.local(path: directory + "/immplan.state.json")
    let sim = SimProvider(directory: directory + "/sim", clock: VirtualClock())

    let (first, state1) = try await apply(desired(instanceType: "t3.small"), store: store, sim: sim)
    #expect(first.status == .succeeded)
    #expect(try simObjects(sim) == ["fleet/immplan-web-g1", "image/immplan-web-g1", "launch_template/immplan-web-g1"])
    #expect(stateObjects(state1) == (try simObjects(sim)))
    let fleet = try #require(state1.resources[ResourceAddress(kind: .fleet, name: "web")]?.current)
    #expect(fleet.cloudID == "immplan-web-g1")
    let template = try #require(state1.resources[ResourceAddress(kind: .launchTemplate, name: "web")]?.current)
    #expect(template.record.identity["image"] == .string(SimProvider.cloudID(.image, plannedName: "immplan-web-g1")))

    let (second, state2) = try await apply(desired(instanceType: "t3.large"), store: store, sim: sim)
    #expect(second.status == .succeeded)
    #expect(try simObjects(sim) == ["fleet/immplan-web-g2", "image/immplan-web-g1", "launch_template/immplan-web-g2"])
    #expect(stateObjects(state2) == (try simObjects(sim)))
  }

  @Test func unhealthyReplacementRollsBackInStateToo() async throws {
    let directory = temporaryDirectory()
    let store = StateStore.local(path: directory + "/immplan.state.json")
    let clock = VirtualClock()
    let sim = SimProvider(directory: directory + "/sim", clock: clock)
    _ = try await apply(desired(instanceType: "t3.small"), store: store, sim: sim)

    let failing = SimProvider(directory: directory + "/sim", failures: ["fleet.web": .health], clock: clock)
    let (report, state) = try await apply(desired(instanceType: "t3.large"), store: store, sim: failing)
    #expect(report.status == .failed)
    #expect(report.rollbacks.map(\.result) == [.destroyed])
    // The old fleet serves on, in the cloud and in the state; the new template exists and is recorded.
    #expect(state.resources[ResourceAddress(kind: .fleet, name: "web")]?.current?.cloudID == "immplan-web-g1")
    #expect(try simObjects(failing).contains("fleet/immplan-web-g1"))
    #expect(!(try simObjects(failing)).contains("fleet/immplan-web-g2"))
    #expect(stateObjects(state) == (try simObjects(failing)))
  }

  @Test(arguments: [false, true])
  func crashedApplyIsSettledByPlannedName(deleteBehindOurBack: Bool) async throws {
    let directory = temporaryDirectory()
    let store = StateStore.local(path: directory + "/immplan.state.json")
    let clock = BlockingClock()
    let crashing = SimProvider(directory: directory + "/sim", latency: .seconds(5), clock: clock)
    // "kill -9" while the image create waits: its intent is journaled, its outcome never is.
    let task = Task { try await apply(desired(instanceType: "t3.small"), store: store, sim: crashing) }
    await clock.waitForSleeper()
    task.cancel()
    clock.release(advancing: .seconds(1))
    _ = try? await task.value
    let sim = SimProvider(directory: directory + "/sim", clock: VirtualClock())
    if deleteBehindOurBack { try FileManager.default.removeItem(atPath: directory + "/sim/image") }

    let crashed = try await store.commitJournal().state
    let image = ResourceAddress(kind: .image, name: "web")
    #expect(crashed.resources[image]?.generations.map(\.status) == [.pending])

    let outcomes = await Recovery.resolvePending(in: crashed, provider: sim)
    #expect(outcomes.count == 1)
    try await store.journalWriter().append(outcomes.flatMap(\.journalEntries))
    let recovered = try await store.commitJournal().state
    #expect(stateObjects(recovered) == (try simObjects(sim)))
    if deleteBehindOurBack {
      #expect(outcomes.first?.resolution == .absent)
      #expect(recovered.resources[image] == nil)
    } else {
      #expect(
        recovered.resources[image]?.current?.cloudID == SimProvider.cloudID(.image, plannedName: "immplan-web-g1"))
    }
    // And the next apply converges.
    let (report, final) = try await apply(desired(instanceType: "t3.small"), store: store, sim: sim)
    #expect(report.status == .succeeded)
    #expect(stateObjects(final) == (try simObjects(sim)))
    #expect(try simObjects(sim).count == 3)
  }
}
