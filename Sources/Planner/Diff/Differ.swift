import Foundation
import ImmplanParser
import ImmplanSupport

/// The diff of BRIEF §3: walks the desired resources in topological order against the recorded
/// state and decides create, replace, keep (settings may update) or destroy for every object.
struct Differ {
  /// The planned outcome for one address, as dependants see it.
  private struct Decision: Sendable {
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
  private struct Evaluated: Sendable {
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
  private struct Contribution {
    var diagnostics: [Diagnostic] = []
    var change: PlannedChange?
    var isUnchanged = false
    var generations: (ResourceAddress, Change?)?
    /// Nothing but "unchanged": nearly every resource of a large plan; not kept.
    var isTrivial: Bool { diagnostics.isEmpty && change == nil && generations == nil }
  }

  let request: PlanRequest
  private var diagnostics: [Diagnostic] = []
  private var decisions: [ResourceAddress: Decision] = [:]
  private var changes: [PlannedChange] = []
  private var unchangedCount = 0
  /// Recorded addresses that stay in the configuration, with their current object's change.
  private var generationsToPlan: [(ResourceAddress, Change?)] = []
  /// Recorded `id`s of images that kept launch templates refer to; computed once, on first need.
  private var imageIDsInUse: Set<String>?

  /// Positions in `request.desired` by address (the last one for a repeated address): the map
  /// the dependency levels are computed with, or built on first need (`-destroy` plans, repeated
  /// addresses).
  private var desiredPositions: [ResourceAddress: Int]?

  init(request: PlanRequest) {
    self.request = request
  }

  private var state: State { request.state }

  /// The desired resource at `address` (lookups must not scan 100,000 resources).
  private mutating func desiredResource(_ address: ResourceAddress) -> DesiredResource? {
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

  // MARK: - Desired resources

  /// Plans every desired resource. Identities are evaluated level by level (a level's
  /// resources depend only on earlier levels), each level's in parallel; decisions are then made
  /// one by one in `request.desired` order within the level, and every resource's contribution
  /// is added in `request.desired` order: the plan is the same as planning one by one.
  private mutating func planDesired(forced: Set<ResourceAddress>, unique: Bool, positions: [ResourceAddress: Int]) {
    let desired = request.desired
    // Only contributions with something in them are kept (sparse: a plan of 100,000 unchanged
    // resources keeps none), with their index for the final order.
    var contributions: [(index: Int, contribution: Contribution)] = []
    decisions.reserveCapacity(desired.count)
    let groups = levels(unique: unique, positions: positions)
    for level in groups {
      // Batches bound the memory of evaluated identities waiting for their decisions.
      for batchStart in stride(from: 0, to: level.count, by: 4096) {
        let batch = Array(level[batchStart..<min(batchStart + 4096, level.count)])
        // A level's resources depend only on earlier levels: each is evaluated and decided
        // without the others' decisions, in parallel; the decisions are recorded afterwards.
        for (offset, planned) in planLevel(batch, forced: forced).enumerated() {
          let index = batch[offset]
          decisions[desired[index].address] = planned.decision
          if planned.contribution.isUnchanged { unchangedCount += 1 }
          if !planned.contribution.isTrivial { contributions.append((index, planned.contribution)) }
        }
      }
    }
    contributions.sort { $0.index < $1.index }
    for (_, contribution) in contributions {
      diagnostics += contribution.diagnostics
      if let change = contribution.change { changes.append(change) }
      if let entry = contribution.generations { generationsToPlan.append(entry) }
    }
  }

  /// Indices of `request.desired` grouped by dependency level, each group in increasing order. A
  /// resource's level is one more than the highest level of the earlier resources it depends on
  /// or is triggered by. With duplicate addresses: one resource per level (one by one).
  /// `positions` is every desired address's position.
  private func levels(unique: Bool, positions: [ResourceAddress: Int]) -> [[Int]] {
    let desired = request.desired
    guard unique else { return desired.indices.map { [$0] } }
    var levelOf = [Int](repeating: 0, count: desired.count)
    var groups: [[Int]] = []
    // By index, reading each resource in place (binding it copied all 100,000 of them).
    for index in desired.indices {
      var level = 0
      for dependency in desired[index].dependencies {
        if let other = positions[dependency], other < index { level = max(level, levelOf[other] + 1) }
      }
      for trigger in desired[index].settings.lifecycle.replaceTriggeredBy {
        if let other = positions[trigger.address], other < index { level = max(level, levelOf[other] + 1) }
      }
      levelOf[index] = level
      if level == groups.count { groups.append([]) }
      groups[level].append(index)
    }
    return groups
  }

  /// What planning one resource gives: its contribution to the plan and its decision.
  private struct Planned: Sendable {
    var contribution: Contribution
    var decision: Decision
  }

  /// Evaluates and decides the resources at `indices` (all of one level), in parallel when there
  /// are enough of them; results in the order of `indices`.
  private func planLevel(_ indices: [Int], forced: Set<ResourceAddress>) -> [Planned] {
    let desired = request.desired
    let differ = self
    let planOne: @Sendable (Int) -> Planned = { index in
      // The resource is passed in place, not bound to a copy of its own.
      let evaluated = Differ.evaluate(desired[index], index: index, decisions: differ.decisions, state: differ.state)
      return differ.plan(
        desired[index], index: index, evaluated: evaluated, forced: forced.contains(desired[index].address))
    }
    // The request's parallelism bounds this as it does every other parallel step (1: one thread).
    let workers = Parallel(width: min(request.parallelism.width, 8))
    guard workers.width > 1, indices.count >= Differ.minimumParallelLevel else { return indices.map(planOne) }
    // Chunks of consecutive resources, several per worker so that uneven costs even out.
    return workers.array(count: indices.count, perWorker: 8) { planOne(indices[$0]) }
  }

  /// Levels with fewer resources are planned on one thread.
  static let minimumParallelLevel = 64

  private static func evaluate(
    _ resource: DesiredResource, index: Int, decisions: [ResourceAddress: Decision], state: State
  ) -> Evaluated {
    var diagnostics: [Diagnostic] = []
    var dependencyOutputs: [ResourceAddress: ResourceOutputs] = [:]
    for dependency in resource.dependencies {
      guard let decision = decisions[dependency], decision.index < index else {
        diagnostics.append(.dependencyNotPlanned(resource.address, dependency: dependency))
        continue
      }
      dependencyOutputs[dependency] =
        decision.plannedOutputs ?? state.current(dependency)?.outputs.mapValues(Value.string) ?? [:]
    }
    let evaluation = resource.evaluateIdentity(dependencyOutputs)
    diagnostics += evaluation.diagnostics
    let current = state.resources[resource.address]?.current
    // Nearly every resource of a large plan is unchanged: compare without recording first.
    if let current, RecordedValue.matches(evaluation.attributes, current.record.identity, key: state.digestKey) {
      return Evaluated(diagnostics: diagnostics, attributes: evaluation.attributes, identity: nil, identityChanges: [])
    }
    let identity = evaluation.attributes.mapValues { RecordedValue($0, key: state.digestKey) }
    let changes = current.map { ValueDiff.changes(from: $0.record.identity, to: identity) }
    return Evaluated(
      diagnostics: diagnostics, attributes: evaluation.attributes, identity: identity, identityChanges: changes)
  }

  /// The decision for one resource and what it adds to the plan. Reads only the decisions of
  /// earlier levels (the caller records this one's).
  private func plan(_ resource: DesiredResource, index: Int, evaluated: Evaluated, forced: Bool) -> Planned {
    let address = resource.address
    var contribution = Contribution(diagnostics: evaluated.diagnostics)
    // The recorded identity and the next generation number matter only to a create or replace;
    // an unchanged resource (nearly every one of a large plan) builds neither.
    let digestKey = state.digestKey
    func recordedIdentity() -> [String: RecordedValue] {
      evaluated.identity ?? evaluated.attributes.mapValues { RecordedValue($0, key: digestKey) }
    }
    let recorded = state.resources[address]

    guard let recorded, let current = recorded.current else {
      let planned = plannedObject(
        resource, identity: recordedIdentity(), raw: evaluated.attributes,
        generation: state.highestGeneration(at: address) + 1, mayReuse: true)
      contribution.change = PlannedChange(address: address, change: .create(planned: planned))
      if recorded != nil { contribution.generations = (address, nil) }
      return Planned(
        contribution: contribution, decision: Decision(plannedOutputs: planned.outputs, kind: .created, index: index))
    }

    var reasons: [ReplaceReason] = []
    var isForced = forced
    if forced { reasons.append(.requested) }
    var triggeredAddresses: Set<ResourceAddress> = []
    for trigger in resource.settings.lifecycle.replaceTriggeredBy {
      guard let decision = decisions[trigger.address], decision.index < index, decision.isNew else { continue }
      if let attribute = trigger.attribute, let before = state.current(trigger.address)?.outputs[attribute],
        decision.plannedOutputs?[attribute] == .string(before)
      {
        continue
      }
      reasons.append(.triggered(by: trigger.text))
      triggeredAddresses.insert(trigger.address)
      isForced = true
    }
    for dependency in resource.dependencies where !triggeredAddresses.contains(dependency) {
      guard let decision = decisions[dependency], decision.index < index, decision.isNew else { continue }
      if decision.kind == .created {
        reasons.append(.dependencyCreated(dependency))
      } else {
        let before = state.current(dependency)?.outputs ?? [:]
        let changed = dependency.kind.computedAttributes.filter { attribute in
          before[attribute].map(Value.string) != decision.plannedOutputs?[attribute]
        }
        reasons.append(.dependencyReplaced(dependency, outputs: changed))
      }
    }
    let binding = request.binding(for: resource)
    if !current.record.provider.isSameCloud(as: binding) {
      reasons.append(.providerChanged(before: current.record.provider.displayText, after: binding.displayText))
    }
    if let identityChanges = evaluated.identityChanges {
      reasons += identityChanges.map(ReplaceReason.attributeChanged)
    } else {
      reasons += ValueDiff.changes(from: current.record.identity, to: recordedIdentity()).map(
        ReplaceReason.attributeChanged)
    }
    let old = {
      RecordedObject(
        address: address, status: .current, record: current.record, cloudID: current.cloudID,
        outputs: current.outputs)
    }

    if reasons.isEmpty {
      let settingsChanges = RecordedSettings(resource.settings).changes(from: current.record.settings)
      if settingsChanges.isEmpty {
        contribution.isUnchanged = true
      } else {
        contribution.change = PlannedChange(
          address: address, change: .keep(recorded: old(), settingsChanges: settingsChanges))
      }
      if !recorded.generations.isEmpty { contribution.generations = (address, nil) }
      return Planned(contribution: contribution, decision: Decision(plannedOutputs: nil, kind: .kept, index: index))
    }
    let planned = plannedObject(
      resource, identity: recordedIdentity(), raw: evaluated.attributes,
      generation: state.highestGeneration(at: address) + 1, mayReuse: !isForced)
    let order: ReplaceOrder =
      resource.settings.lifecycle.createBeforeDestroy ? .createBeforeDestroy : .destroyBeforeCreate
    let retire: Retirement =
      address.kind.traits.retainsGenerations && (resource.settings.retain ?? 2) > 0 ? .retain : .destroy
    let change = Change.replace(recorded: old(), planned: planned, order: order, retire: retire, reasons: reasons)
    contribution.change = PlannedChange(address: address, change: change)
    contribution.generations = (address, change)
    return Planned(
      contribution: contribution, decision: Decision(plannedOutputs: planned.outputs, kind: .replaced, index: index))
  }

  private func plannedObject(
    _ resource: DesiredResource, identity: [String: RecordedValue], raw: [String: Value], generation: Int,
    mayReuse: Bool
  ) -> PlannedObject {
    let name = PlannedObject.name(for: resource.address, generation: generation)
    // Content-addressed kinds use the graph's digest (BRIEF §2, an image's `digest` output and AMI
    // tag); other objects the digest of their recorded identity.
    let traits = resource.address.kind.traits
    let digest = traits.hasContentDigest ? imageDigest(identity: raw) : ObjectDigest.digest(of: identity)
    var outputs: ResourceOutputs = [:]
    for attribute in traits.outputs { outputs[attribute] = .unknown }
    outputs["name"] = .string(name)
    if traits.hasContentDigest { outputs["digest"] = digest.map(Value.string) ?? .unknown }
    return PlannedObject(
      name: name, generation: generation, identity: identity, digest: digest, outputs: outputs,
      dependencies: resource.dependencies, settings: RecordedSettings(resource.settings),
      provider: request.binding(for: resource),
      mayReuseExisting: mayReuse)
  }

  // MARK: - Generations and removals

  /// Older generations of a planned address: deposed ones are destroyed; retained images past
  /// `retain` are destroyed unless a kept launch template still uses them.
  private mutating func planGenerations(at address: ResourceAddress, replacing change: Change?) {
    var retained: [RecordedObject] = []
    for object in state.recordedObjects(at: address) {
      switch object.status {
      case .deposed:
        changes.append(PlannedChange(address: address, change: .destroy(recorded: object, reason: .deposed)))
      case .retained: retained.append(object)
      case .current, .pending: break
      }
    }
    guard address.kind.traits.retainsGenerations, !retained.isEmpty else { return }
    var limit = desiredResource(address)?.settings.retain ?? 2
    if case .replace(_, _, _, .retain, _)? = change { limit -= 1 }
    let expired = retained.sorted { $0.generation > $1.generation }.dropFirst(max(limit, 0))
    for object in expired.sorted(by: { $0.generation < $1.generation }) where !isImageInUse(object) {
      changes.append(PlannedChange(address: address, change: .destroy(recorded: object, reason: .retentionExpired)))
    }
  }

  /// True when a recorded object that stays (a launch template, in practice) refers to this
  /// retained object's `id` in its identity.
  private mutating func isImageInUse(_ image: RecordedObject) -> Bool {
    guard let id = image.outputs["id"] else { return false }
    if imageIDsInUse == nil {
      var ids: Set<String> = []
      for (address, resource) in state.resources {
        guard let object = resource.current, decisions[address]?.isNew == false else { continue }
        for value in object.record.identity.values { if case .string(let text) = value { ids.insert(text) } }
      }
      imageIDsInUse = ids
    }
    return imageIDsInUse!.contains(id)
  }

  /// Puts each address's generation changes right after its own change (stable otherwise).
  private mutating func sortGenerationChanges() {
    var position: [ResourceAddress: Int] = [:]
    for (index, change) in changes.enumerated() where change.recorded.map({ $0.status == .current }) ?? true {
      if position[change.address] == nil { position[change.address] = index }
    }
    changes = changes.enumerated().sorted { a, b in
      let pa = position[a.element.address] ?? a.offset
      let pb = position[b.element.address] ?? b.offset
      if pa != pb { return pa < pb }
      return a.offset < b.offset
    }.map(\.element)
  }

  private mutating func planRemovals(desired: [ResourceAddress: Int]) {
    let reason: DestroyReason = request.mode == .destroy ? .destroyMode : .removedFromConfiguration
    // Only the removed addresses are sorted (not all 100,000 recorded ones).
    for address in state.resources.keys.filter({ desired[$0] == nil }).sorted() {
      for object in state.recordedObjects(at: address) {
        switch object.status {
        case .current, .retained:
          changes.append(PlannedChange(address: address, change: .destroy(recorded: object, reason: reason)))
        case .deposed:
          changes.append(PlannedChange(address: address, change: .destroy(recorded: object, reason: .deposed)))
        case .pending: break
        }
      }
    }
  }

  // MARK: - Ordering and protection

  /// As in Terraform, create-before-destroy spreads from a replaced resource to the replaced
  /// resources it depends on (otherwise the old dependant would outlive its dependency).
  private mutating func applyCreateBeforeDestroySpread() {
    var indexByAddress: [ResourceAddress: Int] = [:]
    for (index, change) in changes.enumerated() {
      if case .replace = change.change { indexByAddress[change.address] = index }
    }
    guard !indexByAddress.isEmpty else { return }
    // Replacements are in `request.desired` order, so walking them backwards visits every
    // dependant before its dependencies (a planned object records its resource's dependencies):
    // the spread reaches through chains without a pass over all desired resources.
    for index in changes.indices.reversed() {
      guard case .replace(_, let planned, .createBeforeDestroy, _, _) = changes[index].change else { continue }
      for dependency in planned.dependencies {
        guard let dependencyIndex = indexByAddress[dependency],
          case .replace(let old, let planned, .destroyBeforeCreate, let retire, let reasons) = changes[dependencyIndex]
            .change
        else { continue }
        changes[dependencyIndex].change = .replace(
          recorded: old, planned: planned, order: .createBeforeDestroy, retire: retire, reasons: reasons)
      }
    }
  }

  private mutating func checkPreventDestroy() {
    for change in changes {
      let action: String
      let old: RecordedObject
      let isProtected: Bool
      switch change.change {
      case .replace(let recorded, let planned, _, _, _):
        action = "replace"
        old = recorded
        // The planned object carries the desired resource's settings.
        isProtected = recorded.record.settings.preventDestroy || planned.settings.preventDestroy
      case .destroy(let recorded, _) where recorded.status == .current:
        action = request.mode == .destroy ? "destroy (-destroy)" : "destroy"
        old = recorded
        // Outside -destroy a current object is destroyed only when its address left the
        // configuration: there is no desired resource to ask.
        isProtected =
          recorded.record.settings.preventDestroy
          || (request.mode == .destroy && desiredResource(change.address)?.settings.lifecycle.preventDestroy == true)
      default: continue
      }
      if isProtected {
        diagnostics.append(
          .preventDestroy(
            change.address, name: old.name, action: action, range: desiredResource(change.address)?.range))
      }
    }
  }
}

/// The digest of an object's identity: SHA-256 (lowercase hex) of the canonical encoding of its
/// identity attributes, sensitive parts as their digests (BRIEF §2: an image's `digest` output).
/// nil while any attribute is unknown.
public enum ObjectDigest {
  public static func digest(of identity: [String: RecordedValue]) -> String? {
    let value = RecordedValue.map(identity)
    if value.containsUnknown { return nil }
    return Hex.encode(SHA256.hash(ValueCoding.canonicalBytes(value)))
  }
}

extension RecordedValue {
  /// True when this value or anything inside it is unknown.
  var containsUnknown: Bool {
    switch self {
    case .unknown: true
    case .list(let items), .set(let items): items.contains { $0.containsUnknown }
    case .map(let entries): entries.values.contains { $0.containsUnknown }
    default: false
    }
  }
}

extension RecordedValue {
  /// True when recording `attributes` under `key` gives exactly `recorded`
  /// (`attributes.mapValues { RecordedValue($0, key: key) } == recorded`), without building the
  /// recorded values (only sensitive parts are digested to compare).
  static func matches(_ attributes: [String: Value], _ recorded: [String: RecordedValue], key: DigestKey) -> Bool {
    guard attributes.count == recorded.count else { return false }
    for (name, value) in attributes {
      guard let other = recorded[name], matches(value, other, key: key) else { return false }
    }
    return true
  }

  /// True when `RecordedValue(value, key: key) == recorded`.
  static func matches(_ value: Value, _ recorded: RecordedValue, key: DigestKey) -> Bool {
    // One switch per side, not one over a tuple of both: the tuple copied both values (one
    // retain each) for every attribute of every resource compared.
    switch value {
    case .null:
      if case .null = recorded { return true }
    case .unknown:
      if case .unknown = recorded { return true }
    case .string(let a):
      if case .string(let b) = recorded { return a == b }
    case .number(let a):
      if case .number(let b) = recorded { return a == b }
    case .bool(let a):
      if case .bool(let b) = recorded { return a == b }
    case .duration(let a):
      if case .duration(let b) = recorded { return a == b }
    case .list(let a):
      if case .list(let b) = recorded { return matches(a, b, key: key) }
    case .set(let a):
      if case .set(let b) = recorded { return matches(a, b, key: key) }
    case .map(let a):
      if case .map(let b) = recorded { return matches(a, b, key: key) }
    case .sensitive: return RecordedValue(value, key: key) == recorded
    }
    return false
  }

  private static func matches(_ a: [Value], _ b: [RecordedValue], key: DigestKey) -> Bool {
    guard a.count == b.count else { return false }
    for index in a.indices where !matches(a[index], b[index], key: key) { return false }
    return true
  }
}
