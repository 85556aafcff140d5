import ImmplanParser
import ImmplanPlanner

/// A hand-built configuration for planner tests: resources with literal identity attributes or
/// references to other resources' outputs, evaluated like the real graph would.
struct TestConfig {
  enum Attribute {
    case value(Value)
    case reference(ResourceAddress, String)
  }

  struct Block {
    var address: ResourceAddress
    var attributes: [String: Attribute]
    var settings: ResourceSettings
    var dependencies: [ResourceAddress] {
      Set(
        attributes.values.compactMap { if case .reference(let address, _) = $0 { address } else { nil } }
          + settings.lifecycle.replaceTriggeredBy.map(\.address)
      ).sorted()
    }
  }

  var blocks: [Block] = []

  mutating func add(
    _ text: String, _ attributes: [String: Attribute], settings: ResourceSettings = ResourceSettings()
  ) {
    blocks.append(Block(address: ResourceAddress(parsing: text)!, attributes: attributes, settings: settings))
  }

  subscript(_ text: String) -> Block {
    get { blocks.first { $0.address.description == text }! }
    set { blocks[blocks.firstIndex { $0.address.description == text }!] = newValue }
  }

  /// The classic group: image → launch template → fleet, named `name`.
  static func group(_ name: String, instanceType: String = "t3.small", provision: [String] = ["install-app 1.0"])
    -> TestConfig
  {
    var config = TestConfig()
    config.addGroup(name, instanceType: instanceType, provision: provision)
    return config
  }

  mutating func addGroup(_ name: String, instanceType: String = "t3.small", provision: [String] = ["install-app 1.0"]) {
    add(
      "image.\(name)",
      ["source": .value(.string("debian-12")), "provision": .value(.list(provision.map(Value.string)))])
    add(
      "launch_template.\(name)",
      [
        "image": .reference(ResourceAddress(kind: .image, name: name), "id"),
        "instance_type": .value(.string(instanceType)),
      ])
    add(
      "fleet.\(name)",
      [
        "launch_template": .reference(ResourceAddress(kind: .launchTemplate, name: name), "id"),
        "min_size": .value(.number(Number(1))), "max_size": .value(.number(Number(3))),
      ],
      settings: ResourceSettings(healthCheck: HealthCheckSettings(), rollout: RolloutSettings()))
  }

  /// Blocks in topological order (dependencies first, otherwise by address), as the graph gives them.
  var ordered: [Block] {
    let byAddress = Dictionary(uniqueKeysWithValues: blocks.map { ($0.address, $0) })
    var done: Set<ResourceAddress> = []
    var result: [Block] = []
    func visit(_ block: Block) {
      guard !done.contains(block.address) else { return }
      done.insert(block.address)
      for dependency in block.dependencies { if let other = byAddress[dependency] { visit(other) } }
      result.append(block)
    }
    for block in blocks.sorted(by: { $0.address < $1.address }) { visit(block) }
    return result
  }

  var desired: [DesiredResource] {
    ordered.map { block in
      DesiredResource(address: block.address, dependencies: block.dependencies, settings: block.settings) { outputs in
        IdentityEvaluation(attributes: block.evaluate(outputs), diagnostics: [])
      }
    }
  }
}

extension TestConfig.Block {
  func evaluate(_ outputs: [ResourceAddress: ResourceOutputs]) -> [String: Value] {
    attributes.mapValues { attribute in
      switch attribute {
      case .value(let value): value
      case .reference(let address, let name): outputs[address]?[name] ?? .unknown
      }
    }
  }
}

let testKey = DigestKey(bytes: Array(repeating: 7, count: 32))

func emptyState() -> State { State(lineage: "5f0c2a9e-lineage", digestKey: testKey) }

func plan(
  _ config: TestConfig, _ state: State, mode: Plan.Mode = .normal, replace: [String] = [],
  variables: [VariableValue] = []
) -> PlanOutcome {
  Planner.plan(
    PlanRequest(
      desired: config.desired, state: state, stateDigest: "digest-of-state-\(state.serial)",
      isNewState: state.serial == 0 && state.resources.isEmpty, mode: mode, replaceAddresses: replace,
      variables: variables))
}

/// Applies a plan the way the executor would, against an imaginary cloud that assigns IDs
/// `id-<name>`: re-evaluates identities with real outputs, records objects, retires old ones.
func fakeApply(_ plan: Plan, config: TestConfig, to state: State) -> State {
  var state = state
  state.serial += 1
  let blocks = Dictionary(uniqueKeysWithValues: config.blocks.map { ($0.address, $0) })
  var planned: [ResourceAddress: PlannedObject] = [:]
  for change in plan.changes {
    switch change.change {
    case .create(let object), .replace(_, let object, _, _, _): planned[change.address] = object
    case .destroy(let old, _):
      var resource = state.resources[change.address]!
      if resource.current?.record.generation == old.generation { resource.current = nil }
      resource.generations.removeAll { $0.record.generation == old.generation }
      state.resources[change.address] = resource.isEmpty ? nil : resource
    case .keep(let old, _):
      state.resources[change.address]!.current!.record.settings = RecordedSettings(blocks[change.address]!.settings)
      _ = old
    }
  }
  for block in config.ordered {
    guard let object = planned[block.address] else { continue }
    var outputs: [ResourceAddress: ResourceOutputs] = [:]
    for dependency in block.dependencies {
      outputs[dependency] = state.current(dependency)!.outputs.mapValues(Value.string)
    }
    let identity = block.evaluate(outputs).mapValues { RecordedValue($0, key: state.digestKey) }
    let digest = ObjectDigest.digest(of: identity)!
    let record = ObjectRecord(
      name: object.name, generation: object.generation, digest: digest, provider: object.provider, identity: identity,
      dependencies: object.dependencies, settings: object.settings)
    var cloudOutputs = ["id": "id-\(object.name)", "name": object.name]
    if block.address.kind == .image { cloudOutputs["digest"] = digest }
    if block.address.kind == .fleet { cloudOutputs["arn"] = "arn:fleet/\(object.name)" }
    var resource = state.resources[block.address] ?? ResourceState()
    if let old = resource.current {
      let retire = plan.changes.first { $0.address == block.address }.flatMap { change -> Retirement? in
        if case .replace(_, _, _, let retire, _) = change.change { return retire } else { return nil }
      }
      if retire == .retain { resource.generations.append(.retained(old)) }
    }
    resource.current = CloudObject(record: record, cloudID: "id-\(object.name)", outputs: cloudOutputs)
    resource = ResourceState(current: resource.current, generations: resource.generations)
    state.resources[block.address] = resource
  }
  return state
}

/// Plans and applies `config` from `state`, expecting success.
func converge(_ config: TestConfig, from state: State = emptyState()) -> State {
  let outcome = plan(config, state)
  return fakeApply(outcome.plan!, config: config, to: state)
}

extension Plan {
  /// `action address` lines, for compact expectations.
  var actionList: [String] { changes.map { "\($0.change.action.rawValue) \($0.displayAddress)" } }
  func change(_ text: String) -> Change? { changes.first { $0.displayAddress == text }?.change }
}
