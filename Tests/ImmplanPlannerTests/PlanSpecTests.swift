import Foundation
import ImmplanParser
import ImmplanPlanner
import TestSupport
import Testing

/// Loads `source` as the configuration directory `config`.
private func load(_ source: String, variables: [VariableAssignment] = []) -> LoadResult {
  Frontend.load(
    LoadOptions(directory: "config", environment: [:], variableAssignments: variables),
    fileSystem: InMemoryFileSystem(directory: "config", files: ["main.imm.hcl": source]))
}

/// Applies `plan` as the executor would against a cloud that names objects `id-<name>`.
func simulateApply(_ plan: Plan, desired: [DesiredResource], to state: State) -> State {
  var state = state
  state.serial += 1
  var planned: [ResourceAddress: (PlannedObject, Retirement?)] = [:]
  var kept: Set<ResourceAddress> = []
  for change in plan.changes {
    switch change.change {
    case .create(let object): planned[change.address] = (object, nil)
    case .replace(_, let object, _, let retire, _): planned[change.address] = (object, retire)
    case .destroy(let old, _):
      var resource = state.resources[change.address]!
      if resource.current?.record.generation == old.generation { resource.current = nil }
      resource.generations.removeAll { $0.record.generation == old.generation }
      state.resources[change.address] = resource.isEmpty ? nil : resource
    case .keep: kept.insert(change.address)
    }
  }
  for resource in desired {
    if kept.contains(resource.address) {
      state.resources[resource.address]!.current!.record.settings = RecordedSettings(resource.settings)
    }
    guard let (object, retire) = planned[resource.address] else { continue }
    var outputs: [ResourceAddress: ResourceOutputs] = [:]
    for dependency in resource.dependencies {
      outputs[dependency] = state.current(dependency)!.outputs.mapValues(Value.string)
    }
    let raw = resource.evaluateIdentity(outputs).attributes
    let identity = raw.mapValues { RecordedValue($0, key: state.digestKey) }
    let digest = resource.address.kind == .image ? imageDigest(identity: raw)! : ObjectDigest.digest(of: identity)!
    let record = ObjectRecord(
      name: object.name, generation: object.generation, digest: digest, provider: object.provider, identity: identity,
      dependencies: object.dependencies, settings: object.settings)
    var cloudOutputs = ["id": "id-\(object.name)", "name": object.name]
    if resource.address.kind == .image { cloudOutputs["digest"] = digest }
    if resource.address.kind == .fleet { cloudOutputs["arn"] = "arn:fleet/\(object.name)" }
    var entry = state.resources[resource.address] ?? ResourceState()
    if let old = entry.current, retire == .retain { entry.generations.append(.retained(old)) }
    entry = ResourceState(
      current: CloudObject(record: record, cloudID: "id-\(object.name)", outputs: cloudOutputs),
      generations: entry.generations)
    state.resources[resource.address] = entry
  }
  return state
}

private func request(_ load: LoadResult, _ state: State, mode: Plan.Mode = .normal, replace: [String] = [])
  -> PlanRequest
{
  PlanRequest(
    graph: load.graph!, sources: load.sources, syntax: load.files, state: state,
    stateDigest: "spec-state-digest-\(state.serial)",
    isNewState: state.serial == 0, mode: mode, replaceAddresses: replace)
}

/// Golden plan specs (specs/plan/README.md): `<case>.imm.hcl` planned against the state that
/// applying `<case>.before.imm.hcl` leaves (or an empty state), with flags from `<case>.args`;
/// the rendered plan (or its errors) must equal `<case>.plan`. `IMMPLAN_RECORD=1` rewrites the
/// goldens and fails, so changes are reviewed in the diff.
@Suite struct PlanSpecTests {
  /// Every `specs/plan/CASE.imm.hcl` but the `CASE.before.imm.hcl` inputs.
  static let cases = SpecCase.discover(area: "plan", inputExtension: "imm.hcl").filter { !$0.name.hasSuffix(".before") }

  @Test func thereAreCases() {
    #expect(Self.cases.count >= 10)
  }

  @Test(arguments: cases)
  func spec(_ spec: SpecCase) throws {
    var state = State(lineage: "5f0c2a9e-spec", digestKey: DigestKey(bytes: Array(repeating: 3, count: 32)))
    if let before = spec.text("before.imm.hcl") {
      let loaded = load(before)
      let graph = try #require(loaded.graph, "before: \(loaded.diagnostics.map(\.message))")
      let outcome = Planner.plan(request(loaded, state))
      let plan = try #require(outcome.plan, "before: \(outcome.diagnostics.map(\.message))")
      state = simulateApply(plan, desired: DesiredResource.all(in: graph), to: state)
    }
    if let rolledBack = spec.text("rolled_back"),
      let version = Int(rolledBack.trimmingCharacters(in: .whitespacesAndNewlines))
    {
      state.rolledBackFrom = version
    }
    var mode = Plan.Mode.normal
    var replace: [String] = []
    var variables: [VariableAssignment] = []
    for line in (spec.text("args") ?? "").split(separator: "\n") {
      let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
      switch parts.first {
      case "-destroy": mode = .destroy
      case "-replace": replace.append(parts[1])
      case "-var": variables.append(.argument(parts[1]))
      default: break
      }
    }
    let loaded = load(try #require(spec.text("imm.hcl")), variables: variables)
    try #require(loaded.graph != nil, "\(loaded.diagnostics.map(\.message))")
    let outcome = Planner.plan(request(loaded, state, mode: mode, replace: replace))
    var actual = ""
    for diagnostic in outcome.diagnostics where diagnostic.isError {
      actual += "error[\(diagnostic.code)]: \(diagnostic.message)\n"
      if let help = diagnostic.help { actual += "  = help: \(help)\n" }
    }
    if let plan = outcome.plan {
      actual += PlanTextRenderer().render(plan)
      let bytes = PlanFile.encode(plan).bytes
      // Every plan the planner makes passes the plan-file reader's structural checks.
      #expect(throws: Never.self) { try PlanFile.decode(bytes, path: "\(spec.name).json") }
      #expect(bytes == PlanFile.encode(Planner.plan(request(loaded, state, mode: mode, replace: replace)).plan!).bytes)
      for secret in (spec.text("secrets") ?? "").split(separator: "\n") {
        #expect(!actual.contains(secret), "secret in the rendering")
        #expect(!String(decoding: bytes, as: UTF8.self).contains(secret), "secret in the plan file")
      }
    }
    Golden.expect(actual, matches: spec.path("plan"))
  }
}
