import ImmplanParser
import ImmplanSupport

/// The diff of BRIEF §3: walks the desired resources in topological order against the recorded
/// state and decides create, replace, keep (settings may update) or destroy for every object.
struct Differ {
  /// The planned outcome for one address, as dependants see it.
  private struct Decision {
    var outputs: ResourceOutputs
    /// nil when kept; else the create or replace.
    var newObject: Change?
    var isNew: Bool { newObject != nil }
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

  /// Desired resources by address (lookups must not scan 100,000 resources).
  private let desiredByAddress: [ResourceAddress: DesiredResource]

  init(request: PlanRequest) {
    self.request = request
    var byAddress: [ResourceAddress: DesiredResource] = [:]
    for resource in request.desired { byAddress[resource.address] = resource }
    self.desiredByAddress = byAddress
  }

  private var state: State { request.state }

  mutating func run() -> PlanOutcome {
    var warnings: [Diagnostic] = []
    if let version = state.rolledBackFrom { warnings.append(.rollingForward(fromVersion: version)) }

    let desiredAddresses = Set(request.desired.map(\.address))
    var forced: Set<ResourceAddress> = []
    let candidates = request.desired.map(\.address.description)
    for text in request.replaceAddresses {
      if let address = ResourceAddress(parsing: text), desiredAddresses.contains(address) {
        forced.insert(address)
      } else {
        diagnostics.append(.unknownReplaceAddress(text, candidates: candidates))
      }
    }

    if request.mode == .normal {
      for resource in request.desired { plan(resource, forced: forced.contains(resource.address)) }
      for (address, change) in generationsToPlan { planGenerations(at: address, replacing: change) }
      sortGenerationChanges()
    }
    applyCreateBeforeDestroySpread()
    planRemovals(desiredAddresses: request.mode == .normal ? desiredAddresses : [])
    checkPreventDestroy()
    for change in changes {
      if case .replace(let old, _, .destroyBeforeCreate, _, _) = change.change, change.address.kind == .fleet {
        warnings.append(
          .noRollbackPossible(change.address, oldName: old.name, range: desiredByAddress[change.address]?.range))
      }
    }
    let pending = state.resources.flatMap { address, resource in
      resource.generations.filter { $0.status == .pending }.map { "\(address)#g\($0.record.generation)" }
    }
    if !pending.isEmpty { warnings.append(.pendingObjects(pending.sorted())) }

    if diagnostics.hasErrors { return PlanOutcome(plan: nil, diagnostics: warnings + diagnostics) }
    let operations = OperationGraphBuilder(changes: changes, desired: request.desired).build()
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

  private mutating func plan(_ resource: DesiredResource, forced: Bool) {
    let address = resource.address
    var dependencyOutputs: [ResourceAddress: ResourceOutputs] = [:]
    for dependency in resource.dependencies {
      guard let decision = decisions[dependency] else {
        diagnostics.append(.dependencyNotPlanned(address, dependency: dependency))
        continue
      }
      dependencyOutputs[dependency] = decision.outputs
    }
    let evaluation = resource.evaluateIdentity(dependencyOutputs)
    diagnostics += evaluation.diagnostics
    let identity = evaluation.attributes.mapValues { RecordedValue($0, key: state.digestKey) }
    let generation = state.highestGeneration(at: address) + 1

    guard let current = state.resources[address]?.current else {
      let planned = plannedObject(
        resource, identity: identity, raw: evaluation.attributes, generation: generation, mayReuse: true)
      decide(address, .create(planned: planned), outputs: planned.outputs)
      if state.resources[address] != nil { generationsToPlan.append((address, nil)) }
      return
    }
    let old = RecordedObject(
      address: address, status: .current, record: current.record, cloudID: current.cloudID, outputs: current.outputs)

    var reasons: [ReplaceReason] = []
    var isForced = forced
    if forced { reasons.append(.requested) }
    var triggeredAddresses: Set<ResourceAddress> = []
    for trigger in resource.settings.lifecycle.replaceTriggeredBy {
      guard let decision = decisions[trigger.address], decision.isNew else { continue }
      if let attribute = trigger.attribute, let before = state.current(trigger.address)?.outputs[attribute],
        decision.outputs[attribute] == .string(before)
      {
        continue
      }
      reasons.append(.triggered(by: trigger.text))
      triggeredAddresses.insert(trigger.address)
      isForced = true
    }
    for dependency in resource.dependencies where !triggeredAddresses.contains(dependency) {
      guard let decision = decisions[dependency], let newObject = decision.newObject else { continue }
      if case .create = newObject {
        reasons.append(.dependencyCreated(dependency))
      } else {
        let before = state.current(dependency)?.outputs ?? [:]
        let changed = dependency.kind.computedAttributes.filter { attribute in
          before[attribute].map(Value.string) != decision.outputs[attribute]
        }
        reasons.append(.dependencyReplaced(dependency, outputs: changed))
      }
    }
    if !old.record.provider.isSameCloud(as: request.provider) {
      reasons.append(.providerChanged(before: old.record.provider.displayText, after: request.provider.displayText))
    }
    reasons += ValueDiff.changes(from: old.record.identity, to: identity).map(ReplaceReason.attributeChanged)

    if reasons.isEmpty {
      let settingsChanges = RecordedSettings(resource.settings).changes(from: old.record.settings)
      if settingsChanges.isEmpty {
        unchangedCount += 1
      } else {
        changes.append(PlannedChange(address: address, change: .keep(recorded: old, settingsChanges: settingsChanges)))
      }
      decisions[address] = Decision(outputs: old.outputValues, newObject: nil)
      if state.resources[address]!.generations.isEmpty == false { generationsToPlan.append((address, nil)) }
      return
    }
    let planned = plannedObject(
      resource, identity: identity, raw: evaluation.attributes, generation: generation, mayReuse: !isForced)
    let order: ReplaceOrder =
      resource.settings.lifecycle.createBeforeDestroy ? .createBeforeDestroy : .destroyBeforeCreate
    let retire: Retirement = address.kind == .image && (resource.settings.retain ?? 2) > 0 ? .retain : .destroy
    let change = Change.replace(recorded: old, planned: planned, order: order, retire: retire, reasons: reasons)
    decide(address, change, outputs: planned.outputs)
    generationsToPlan.append((address, change))
  }

  private mutating func decide(_ address: ResourceAddress, _ change: Change, outputs: ResourceOutputs) {
    changes.append(PlannedChange(address: address, change: change))
    decisions[address] = Decision(outputs: outputs, newObject: change)
  }

  private func plannedObject(
    _ resource: DesiredResource, identity: [String: RecordedValue], raw: [String: Value], generation: Int,
    mayReuse: Bool
  ) -> PlannedObject {
    let name = PlannedObject.name(for: resource.address, generation: generation)
    // Images use the graph's digest (BRIEF §2, the `digest` output and AMI tag); other objects the
    // digest of their recorded identity.
    let digest = resource.address.kind == .image ? imageDigest(identity: raw) : ObjectDigest.digest(of: identity)
    var outputs: ResourceOutputs = [:]
    for attribute in resource.address.kind.computedAttributes { outputs[attribute] = .unknown }
    outputs["name"] = .string(name)
    if resource.address.kind == .image { outputs["digest"] = digest.map(Value.string) ?? .unknown }
    return PlannedObject(
      name: name, generation: generation, identity: identity, digest: digest, outputs: outputs,
      dependencies: resource.dependencies, settings: RecordedSettings(resource.settings), provider: request.provider,
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
    guard address.kind == .image, !retained.isEmpty else { return }
    var limit = desiredByAddress[address]?.settings.retain ?? 2
    if case .replace(_, _, _, .retain, _)? = change { limit -= 1 }
    let expired = retained.sorted { $0.generation > $1.generation }.dropFirst(max(limit, 0))
    for object in expired.sorted(by: { $0.generation < $1.generation }) where !isImageInUse(object) {
      changes.append(PlannedChange(address: address, change: .destroy(recorded: object, reason: .retentionExpired)))
    }
  }

  /// True when a recorded launch template that stays refers to this image's `id`.
  private mutating func isImageInUse(_ image: RecordedObject) -> Bool {
    guard let id = image.outputs["id"] else { return false }
    if imageIDsInUse == nil {
      var ids: Set<String> = []
      for (address, resource) in state.resources where address.kind == .launchTemplate {
        guard let template = resource.current, decisions[address]?.isNew == false else { continue }
        for value in template.record.identity.values { if case .string(let text) = value { ids.insert(text) } }
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

  private mutating func planRemovals(desiredAddresses: Set<ResourceAddress>) {
    let reason: DestroyReason = request.mode == .destroy ? .destroyMode : .removedFromConfiguration
    for address in state.sortedAddresses where !desiredAddresses.contains(address) {
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
    for resource in request.desired.reversed() {
      guard let index = indexByAddress[resource.address],
        case .replace(_, _, .createBeforeDestroy, _, _) = changes[index].change
      else { continue }
      for dependency in resource.dependencies {
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
      switch change.change {
      case .replace(let recorded, _, _, _, _):
        action = "replace"
        old = recorded
      case .destroy(let recorded, _) where recorded.status == .current:
        action = request.mode == .destroy ? "destroy (-destroy)" : "destroy"
        old = recorded
      default: continue
      }
      let desired = desiredByAddress[change.address]
      if old.record.settings.preventDestroy || desired?.settings.lifecycle.preventDestroy == true {
        diagnostics.append(.preventDestroy(change.address, name: old.name, action: action, range: desired?.range))
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

extension ProviderBinding {
  /// Same provider and region: moving an object anywhere else replaces it. (A different sim
  /// directory or AWS endpoint is the same cloud reached another way.)
  func isSameCloud(as other: ProviderBinding) -> Bool {
    switch (self, other) {
    case (.sim, .sim): true
    case (.aws(let a, _), .aws(let b, _)): a == b
    default: false
    }
  }

  /// `sim` or `aws (eu-west-1)`, for reasons and renderings.
  var displayText: String {
    switch self {
    case .sim: "sim"
    case .aws(let region, _): "aws (\(region))"
    }
  }
}
