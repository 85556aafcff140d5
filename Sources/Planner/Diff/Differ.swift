import ImmplanParser
import ImmplanSupport

/// The diff of BRIEF §3: walks the desired resources in topological order against the recorded
/// state and decides create, replace, keep (settings may update) or destroy for every object.
struct Differ {
  /// The planned outcome for one address, as dependants see it.
  struct Decision: Sendable {
    enum Kind: Sendable { case kept, created, replaced }
    /// The planned outputs of a created or replaced resource; nil for a kept one, whose outputs
    /// are its recorded ones (read from the state when a dependant needs them: building and
    /// freeing 66,000 small dictionaries cost a third of a second in a plan of 100,000 resources).
    var plannedOutputs: ResourceOutputs?
    var kind: Kind
    /// Position of the resource in `request.desired`: a resource sees only the decisions of
    /// resources before it (as when they are planned one by one in that order).
    var index: Int
    var isNew: Bool { kind != .kept }
  }

  /// The part of planning a resource that needs only its dependencies' decisions: identity
  /// evaluation (the expensive part) and its comparison with the recorded identity. Computed for
  /// the resources of one dependency level in parallel (``evaluateLevel(_:)``).
  struct Evaluated: Sendable {
    var diagnostics: [Diagnostic]
    var attributes: [String: Value]
    /// As recorded (sensitive parts digested); nil when it equals the current recorded identity
    /// (then it is only built if the resource is replaced for another reason).
    var identity: [String: RecordedValue]?
    /// Changes from the current recorded object's identity; nil when there is none.
    var identityChanges: [AttributeChange]?
  }

  /// What planning a resource adds to the plan, collected per resource so that resources planned
  /// level by level still contribute in `request.desired` order.
  struct Contribution {
    var diagnostics: [Diagnostic] = []
    var change: PlannedChange?
    var isUnchanged = false
    var generations: (ResourceAddress, Change?)?
    /// Nothing but "unchanged": nearly every resource of a large plan; not kept.
    var isTrivial: Bool { diagnostics.isEmpty && change == nil && generations == nil }
  }

  let request: PlanRequest
  var diagnostics: [Diagnostic] = []
  var decisions: [ResourceAddress: Decision] = [:]
  var changes: [PlannedChange] = []
  var unchangedCount = 0
  /// Recorded addresses that stay in the configuration, with their current object's change.
  var generationsToPlan: [(ResourceAddress, Change?)] = []
  /// Recorded `id`s of images that kept launch templates refer to; computed once, on first need.
  var imageIDsInUse: Set<String>?

  /// Positions in `request.desired` by address (the last one for a repeated address): the map
  /// the dependency levels are computed with, or built on first need (`-destroy` plans, repeated
  /// addresses).
  var desiredPositions: [ResourceAddress: Int]?

  init(request: PlanRequest) {
    self.request = request
  }

  var state: State { request.state }

  /// The desired resource at `address` (lookups must not scan 100,000 resources).
  mutating func desiredResource(_ address: ResourceAddress) -> DesiredResource? {
    if desiredPositions == nil {
      var positions: [ResourceAddress: Int] = [:]
      positions.reserveCapacity(request.desired.count)
      for (position, resource) in request.desired.enumerated() { positions[resource.address] = position }
      desiredPositions = positions
    }
    return desiredPositions![address].map { request.desired[$0] }
  }

  mutating func run() -> PlanOutcome {
    var warnings: [Diagnostic] = []
    if let version = state.rolledBackFrom { warnings.append(.rollingForward(fromVersion: version)) }

    // One table of every desired address (its last position when one repeats) serves the
    // `-replace` check, the dependency levels, removals and later lookups: a set and a second
    // table of 100,000 addresses each were serial work of their own.
    var positions: [ResourceAddress: Int] = [:]
    positions.reserveCapacity(request.desired.count)
    var unique = true
    for index in request.desired.indices {
      if positions.updateValue(index, forKey: request.desired[index].address) != nil { unique = false }
    }
    desiredPositions = positions
    var forced: Set<ResourceAddress> = []
    for text in request.replaceAddresses {
      if let address = ResourceAddress(parsing: text), positions[address] != nil {
        forced.insert(address)
      } else {
        diagnostics.append(.unknownReplaceAddress(text, candidates: request.desired.map(\.address.description)))
      }
    }

    if request.mode == .normal {
      planDesired(forced: forced, unique: unique, positions: positions)
      for (address, change) in generationsToPlan { planGenerations(at: address, replacing: change) }
      sortGenerationChanges()
    }
    applyCreateBeforeDestroySpread()
    planRemovals(desired: request.mode == .normal ? positions : [:])
    checkPreventDestroy()
    for change in changes {
      if case .replace(let old, _, .destroyBeforeCreate, _, _) = change.change, change.address.kind.traits.hasHealthGate
      {
        warnings.append(
          .noRollbackPossible(change.address, oldName: old.name, range: desiredResource(change.address)?.range))
      }
    }
    var pending: [String] = []
    for (address, resource) in state.resources where !resource.generations.isEmpty {
      for generation in resource.generations where generation.status == .pending {
        pending.append("\(address)#g\(generation.record.generation)")
      }
    }
    if !pending.isEmpty { warnings.append(.pendingObjects(pending.sorted())) }

    if diagnostics.hasErrors { return PlanOutcome(plan: nil, diagnostics: warnings + diagnostics) }
    let operations = OperationGraphBuilder(changes: changes).build()
    let plan = Plan(
      mode: request.mode, changes: changes, unchangedCount: unchangedCount, operations: operations,
      warnings: warnings + diagnostics,
      prior: PriorState(
        lineage: state.lineage, serial: state.serial, digest: request.stateDigest, isNew: request.isNewState,
        rolledBackFromVersion: state.rolledBackFrom),
      providers: request.providers, stateBackend: request.stateBackend,
      variables: request.variables.sorted { $0.name < $1.name }.map { variable in
        let value = variable.isSensitive ? Value.marked(variable.value) : variable.value
        return PlannedVariable(
          name: variable.name, value: RecordedValue(value, key: state.digestKey), isSensitive: variable.isSensitive)
      },
      configuration: request.configuration)
    return PlanOutcome(plan: plan, diagnostics: warnings + diagnostics)
  }
}
