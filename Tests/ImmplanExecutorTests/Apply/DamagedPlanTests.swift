import Foundation
import ImmplanParser
import ImmplanPlanner
import Testing

@testable import ImmplanExecutor

/// Defence in depth behind the plan-file reader: a plan whose operations and objects disagree,
/// or that names objects the state does not hold, is refused by the applier before anything is
/// journaled (never a trap), so the state file stays byte for byte as it was.
@Suite struct DamagedPlanTests {
  typealias Fixture = ApplierTests

  /// A state at version 1 on the sim and the in-memory plan to version 2 (a replace cascade).
  func upgrade() async throws -> (store: StateStore, sim: SimProvider, graph: Graph, plan: Plan, path: String) {
    let directory = temporaryDirectory()
    let store = StateStore.local(path: directory + "/state.json")
    let sim = SimProvider(directory: directory + "/sim", clock: VirtualClock())
    let fixture = Fixture()
    let (graph, result) = try fixture.load()
    let session = try await StateSession.open(store: store, operation: "apply", provider: sim, createIfMissing: true)
    let first = try fixture.plan(graph, result, loaded: session.loaded)
    let applier = Applier(provider: sim, clock: sim.clock, options: .init(progressInterval: nil))
    _ = try await applier.apply(first, checksum: PlanFile.encode(first).checksum, graph: graph, session: session)
    await session.close()
    let (graph2, result2) = try fixture.load([.argument("version=2")])
    let again = try await StateSession.open(store: store, operation: "plan", provider: sim)
    let plan = try fixture.plan(graph2, result2, loaded: again.loaded)
    await again.close()
    return (store, sim, graph2, plan, directory + "/state.json")
  }

  /// Applies `plan` and expects `.invalidPlan` containing `message`, with the state file unchanged
  /// and no journal.
  func expectRefused(
    _ plan: Plan, _ message: String,
    in setup: (store: StateStore, sim: SimProvider, graph: Graph, plan: Plan, path: String)
  ) async throws {
    let before = try Data(contentsOf: URL(fileURLWithPath: setup.path))
    let session = try await StateSession.open(store: setup.store, operation: "apply", provider: setup.sim)
    let applier = Applier(provider: setup.sim, clock: setup.sim.clock, options: .init(progressInterval: nil))
    do {
      _ = try await applier.apply(plan, checksum: PlanFile.encode(plan).checksum, graph: setup.graph, session: session)
      Issue.record("a damaged plan was applied")
    } catch {
      guard case .invalidPlan(let reason) = error else {
        Issue.record("expected an invalid plan, got \(error)")
        await session.close()
        return
      }
      #expect(reason.contains(message), "\(reason)")
      #expect(error.unchangedDescription.hasSuffix("; nothing was changed"))
    }
    await session.close()
    #expect(try Data(contentsOf: URL(fileURLWithPath: setup.path)) == before)
    #expect(try await setup.store.load().journal.isEmpty)
  }

  @Test func createWithoutItsPlannedObjectThrowsInsteadOfTrapping() async throws {
    let setup = try await upgrade()
    var plan = setup.plan
    plan.changes.removeAll { $0.address.description == "fleet.web" }
    #expect(throws: ExecutionGraphError.missingObject(operationID: "create fleet.web", object: "fleet.web#g2")) {
      try plan.executionOperations()
    }
    try await expectRefused(
      plan, "operation `create fleet.web`: the plan holds no object `fleet.web#g2` for it", in: setup)

    plan.operations.removeAll { $0.id == "create fleet.web" }
    #expect(
      throws: ExecutionGraphError.missingObject(operationID: "destroy fleet.web#g1", object: "fleet.web#g1")
    ) { try plan.executionOperations() }
  }

  @Test func objectsTheStateDoesNotHoldAreRefused() async throws {
    let setup = try await upgrade()
    let index = try #require(setup.plan.changes.firstIndex { $0.address.description == "fleet.web" })
    guard
      case .replace(var recorded, var planned, let order, let retire, let reasons) = setup.plan.changes[index].change
    else {
      Issue.record("expected fleet.web to be replaced")
      return
    }
    var foreign = setup.plan
    recorded.cloudID = "asg-production"
    foreign.changes[index].change = .replace(
      recorded: recorded, planned: planned, order: order, retire: retire, reasons: reasons)
    try await expectRefused(foreign, "`fleet.web#g1` (`immplan-web-g1`) is not an object of the state", in: setup)

    guard case .replace(let original, _, _, _, _) = setup.plan.changes[index].change else { return }
    var reused = setup.plan
    planned.generation = 1
    reused.changes[index].change = .replace(
      recorded: original, planned: planned, order: order, retire: retire, reasons: reasons)
    try await expectRefused(reused, "`fleet.web#g1` is not a new generation", in: setup)

    var unknownDependency = setup.plan
    unknownDependency.operations[0].dependsOn.append("create nowhere.web")
    try await expectRefused(unknownDependency, "depends on unknown operation `create nowhere.web`", in: setup)
  }
}
