import Foundation
import ImmplanParser
import ImmplanPlanner
import Synchronization
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
    let latency = Duration.milliseconds(
      Int64(ProcessInfo.processInfo.environment["IMMPLAN_MEASURE_LATENCY_MS"] ?? "") ?? 200)
    let parallelism = 100
    let sim = SimProvider(directory: temporaryDirectory(), latency: latency, clock: SystemClock())
    var operations: [ExecutionOperation] = []
    for group in 0..<groups {
      let name = "g\(group)"
      operations.append(create("i\(group)", "image.\(name)", name: "\(name)-i1", identity: ["source": .string("base")]))
      operations.append(
        create(
          "l\(group)", "launch_template.\(name)", name: "\(name)-l1", dependsOn: ["i\(group)"],
          identity: ["image": .string("ami"), "instance_type": .string("t3.small")]))
      operations.append(
        create(
          "f\(group)", "fleet.\(name)", name: "\(name)-f1", dependsOn: ["l\(group)"],
          identity: ["launch_template": .string("lt"), "min_size": .number(Number(1)), "max_size": .number(Number(1))],
          gate: HealthGate(desiredCapacity: 1)))
    }
    let journal = InMemoryJournal()
    let environment = ProcessInfo.processInfo.environment
    let provider: any Provider = environment["IMMPLAN_MEASURE_FAKE"] != nil ? FakeProvider(latency: latency) : sim
    let ticker: Duration? = environment["IMMPLAN_MEASURE_NO_TICKER"] != nil ? nil : .seconds(10)
    let executor = Executor(
      provider: provider, journal: journal, options: .init(parallelism: parallelism, progressInterval: ticker))
    let cpuStart = Self.cpuSeconds()
    let start = ContinuousClock.now
    let report = try await executor.run(operations)
    let elapsed = ContinuousClock.now - start
    let cpu = Self.cpuSeconds() - cpuStart
    #expect(report.status == .succeeded)
    #expect(journal.unresolved.isEmpty)
    let bound = latency * max(3, (operations.count + parallelism - 1) / parallelism)
    let ratio = elapsed.timeInterval / bound.timeInterval
    print(
      "apply measurement: \(operations.count) operations, P=\(parallelism), latency \(latency): \(elapsed) (bound \(bound), ratio \(String(format: "%.3f", ratio))), CPU \(String(format: "%.2f", cpu)) s"
    )
  }

  /// The same through the whole apply path: a real plan of 1,000 groups, its operations, the
  /// state's group-committing journal on local disk (fsync per batch), the fold at the end.
  @Test(.enabled(if: ProcessInfo.processInfo.environment["IMMPLAN_MEASURE"] != nil))
  func threeThousandOperationsJournaledThroughState() async throws {
    let environment = ProcessInfo.processInfo.environment
    let groups = Int(environment["IMMPLAN_MEASURE_GROUPS"] ?? "") ?? 1000
    let latency = Duration.milliseconds(Int64(environment["IMMPLAN_MEASURE_LATENCY_MS"] ?? "") ?? 200)
    let parallelism = 100
    let directory = temporaryDirectory()
    let sim = SimProvider(directory: directory + "/sim", latency: latency, clock: SystemClock())
    var resources: [DesiredResource] = []
    for group in 0..<groups {
      let image = ResourceAddress(kind: .image, name: "g\(group)")
      let template = ResourceAddress(kind: .launchTemplate, name: "g\(group)")
      resources.append(
        DesiredResource(address: image, dependencies: [], settings: ResourceSettings()) { _ in
          IdentityEvaluation(attributes: ["source": .string("debian-12")], diagnostics: [])
        })
      resources.append(
        DesiredResource(address: template, dependencies: [image], settings: ResourceSettings()) { outputs in
          IdentityEvaluation(
            attributes: ["image": outputs[image]?["id"] ?? .unknown, "instance_type": .string("t3.small")],
            diagnostics: [])
        })
      resources.append(
        DesiredResource(
          address: ResourceAddress(kind: .fleet, name: "g\(group)"), dependencies: [template],
          settings: ResourceSettings()
        ) { outputs in
          IdentityEvaluation(
            attributes: [
              "launch_template": outputs[template]?["id"] ?? .unknown, "min_size": .number(Number(1)),
              "max_size": .number(Number(1)),
            ], diagnostics: [])
        })
    }
    let byAddress = Dictionary(uniqueKeysWithValues: resources.map { ($0.address, $0) })
    let store = StateStore.local(path: directory + "/immplan.state.json")
    let loaded = try await store.load(createIfMissing: true)
    let plan = try #require(
      Planner.plan(PlanRequest(desired: resources, state: loaded.state, stateDigest: "d", isNewState: true)).plan)
    let key = loaded.state.digestKey
    let resolver: IdentityResolver = { operation, request, outputs in
      var resolved = request
      resolved.identity = byAddress[operation.address]!.evaluateIdentity(outputs).attributes
      if operation.address.kind == .image {
        resolved.knownOutputs["digest"] =
          ObjectDigest.digest(of: resolved.identity.mapValues { RecordedValue($0, key: key) }).map(Value.string)
          ?? .null
      }
      return .success(resolved)
    }
    let batches = BatchCounter()
    let journal = StateJournal(writer: store.journalWriter(onBatch: { batches.add($0) }), plan: plan, digestKey: key)
    let executor = Executor(
      provider: sim, journal: journal, options: .init(parallelism: parallelism), resolveIdentity: resolver)
    let operations = try plan.executionOperations()
    let cpuStart = Self.cpuSeconds()
    let start = ContinuousClock.now
    let report = try await executor.run(operations)
    let walked = ContinuousClock.now - start
    let state = try await store.commitJournal().state
    let elapsed = ContinuousClock.now - start
    let cpu = Self.cpuSeconds() - cpuStart
    #expect(report.status == .succeeded)
    #expect(state.resources.count == operations.count)
    let bound = latency * max(3, (operations.count + parallelism - 1) / parallelism)
    print(
      "apply measurement (plan + state journal): \(operations.count) operations, P=\(parallelism), latency \(latency): "
        + "walk \(walked), with fold \(elapsed) (bound \(bound), ratio \(String(format: "%.3f", elapsed.timeInterval / bound.timeInterval))), "
        + "CPU \(String(format: "%.2f", cpu)) s, \(batches.appends) journal appends in \(batches.batches) fsync batches"
    )
  }
}

final class BatchCounter: Sendable {
  private let counts = Mutex<(batches: Int, appends: Int)>((0, 0))
  func add(_ appends: Int) {
    counts.withLock {
      $0.batches += 1; $0.appends += appends
    }
  }
  var batches: Int { counts.withLock { $0.batches } }
  var appends: Int { counts.withLock { $0.appends } }
}
