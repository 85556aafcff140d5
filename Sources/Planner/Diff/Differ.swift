import ImmplanParser
import ImmplanSupport

/// The diff of BRIEF §3: walks the desired resources in topological order against the recorded
/// state and decides create, replace, keep (settings may update) or destroy for every object.
struct Differ {
  /// The planned outcome for one address, as dependants see it.
  private struct Decision {
    var outputs: ResourceOutputs
    /// nil when kept; else whether it is created or replaced.
    var newObject: Change?
    var isNew: Bool { newObject != nil }
  }

  let request: PlanRequest
  private let sealer: ValueSealer
  private var diagnostics: [Diagnostic] = []
  private var decisions: [ResourceAddress: Decision] = [:]
  /// Changes in output order, and unchanged-object count.
  private var changes: [PlannedChange] = []
  private var unchangedCount = 0
  /// Recorded addresses that stay in the configuration, with their current object's change.
  private var generationsToPlan: [(RecordedResource, Change?)] = []
  /// `id`s of images that kept launch templates refer to; computed once, on first need.
  private var imageIDsInUse: Set<Value>?

  init(request: PlanRequest) {
    self.request = request
    self.sealer = ValueSealer(key: request.recorded.secretKey)
  }

  mutating func run() -> PlanOutcome {
    let recorded = request.recorded
    var warnings: [Diagnostic] = []
    if let version = recorded.rolledBackFromVersion { warnings.append(.rollingForward(fromVersion: version)) }

    let desiredAddresses = Set(request.desired.map(\.address))
    var forced: Set<ResourceAddress> = []
    if request.mode == .normal {
      let candidates = request.desired.map(\.address.description)
      for text in request.replaceAddresses {
        if let address = ResourceAddress(parsing: text), desiredAddresses.contains(address) {
          forced.insert(address)
        } else {
          diagnostics.append(.unknownReplaceAddress(text, candidates: candidates))
        }
      }
    }

    if request.mode == .normal {
      for resource in request.desired { plan(resource, forced: forced.contains(resource.address)) }
      for (record, change) in generationsToPlan { planGenerations(of: record, replacing: change) }
      sortGenerationChanges()
    }
    applyCreateBeforeDestroySpread()
    planRemovals(desiredAddresses: request.mode == .normal ? desiredAddresses : [])
    checkPreventDestroy()
    for change in changes {
      if case .replace(let old, _, .destroyBeforeCreate, _, _) = change.change, change.address.kind == .fleet {
        let range = request.desired.first { $0.address == change.address }?.range
        warnings.append(.noRollbackPossible(change.address, oldName: old.name, range: range))
      }
    }
    let pending = recorded.resources.values.flatMap { $0.generations.filter { $0.status == .pending } }
    if !pending.isEmpty { warnings.append(.pendingObjects(pending.map(\.objectKey).sorted())) }

    if diagnostics.hasErrors { return PlanOutcome(plan: nil, diagnostics: warnings + diagnostics) }
    let operations = OperationGraphBuilder(changes: changes, desired: request.desired).build()
    let plan = Plan(
      mode: request.mode, changes: changes, unchangedCount: unchangedCount, operations: operations,
      warnings: warnings + diagnostics,
      prior: PriorState(
        lineage: recorded.lineage, serial: recorded.serial, digest: recorded.digest, isNew: recorded.isNew,
        rolledBackFromVersion: recorded.rolledBackFromVersion),
      providers: request.providers, stateBackend: request.stateBackend,
      variables: request.variables.sorted { $0.name < $1.name }.map {
        PlannedVariable(name: $0.name, value: sealer.seal($0.isSensitive ? .marked($0.value) : $0.value), isSensitive: $0.isSensitive)
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
    let identity = evaluation.attributes.mapValues(sealer.seal)
    let record = request.recorded.resources[address]
    let generation = record?.nextGeneration ?? 1

    guard let old = record?.current else {
      let planned = plannedObject(resource, identity: identity, generation: generation, mayReuse: true)
      decide(resource.address, .create(planned: planned), outputs: planned.outputs)
      return
    }

    var reasons: [ReplaceReason] = []
    var isForced = forced
    if forced { reasons.append(.requested) }
    var triggeredAddresses: Set<ResourceAddress> = []
    for trigger in resource.settings.lifecycle.replaceTriggeredBy {
      guard let decision = decisions[trigger.address], decision.isNew else { continue }
      if let attribute = trigger.attribute {
        let before = request.recorded.resources[trigger.address]?.current?.outputs[attribute]
        if before != nil, before == decision.outputs[attribute] { continue }
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
        let before = request.recorded.resources[dependency]?.current?.outputs ?? [:]
        let changed = dependency.kind.computedAttributes.filter { before[$0] != decision.outputs[$0] }
        reasons.append(.dependencyReplaced(dependency, outputs: changed))
      }
    }
    if old.provider != request.provider {
      reasons.append(.providerChanged(before: old.provider.description, after: request.provider.description))
    }
    reasons += ValueDiff.changes(from: old.identity, to: identity).map(ReplaceReason.attributeChanged)

    if reasons.isEmpty {
      let settingsChanges = resource.settings.changes(from: old.settings)
      if settingsChanges.isEmpty {
        unchangedCount += 1
      } else {
        changes.append(PlannedChange(address: address, change: .keep(recorded: old, settingsChanges: settingsChanges)))
      }
      decisions[address] = Decision(outputs: old.outputs, newObject: nil)
      generationsToPlan.append((record!, nil))
      return
    }
    let planned = plannedObject(resource, identity: identity, generation: generation, mayReuse: !isForced)
    let order: ReplaceOrder = resource.settings.lifecycle.createBeforeDestroy ? .createBeforeDestroy : .destroyBeforeCreate
    let retire: Retirement = address.kind == .image && (resource.settings.retain ?? 2) > 0 ? .retain : .destroy
    let change = Change.replace(recorded: old, planned: planned, order: order, retire: retire, reasons: reasons)
    decide(address, change, outputs: planned.outputs)
    generationsToPlan.append((record!, change))
  }

  private mutating func decide(_ address: ResourceAddress, _ change: Change, outputs: ResourceOutputs) {
    changes.append(PlannedChange(address: address, change: change))
    decisions[address] = Decision(outputs: outputs, newObject: change)
  }

  private func plannedObject(
    _ resource: DesiredResource, identity: [String: Value], generation: Int, mayReuse: Bool
  ) -> PlannedObject {
    let name = PlannedObject.name(for: resource.address, generation: generation)
    var outputs: ResourceOutputs = [:]
    for attribute in resource.address.kind.computedAttributes { outputs[attribute] = .unknown }
    outputs["name"] = .string(name)
    if resource.address.kind == .image { outputs["digest"] = ImageDigest.digest(of: identity) }
    return PlannedObject(
      name: name, generation: generation, identity: identity, outputs: outputs, dependencies: resource.dependencies,
      settings: resource.settings, provider: request.provider, mayReuseExisting: mayReuse)
  }

  // MARK: - Generations and removals

  /// Older generations of a planned address: deposed ones are destroyed; retained images past
  /// `retain` are destroyed unless a kept launch template still uses them.
  private mutating func planGenerations(of record: RecordedResource, replacing change: Change?) {
    var retained: [RecordedObject] = []
    for object in record.generations.sorted(by: { $0.generation < $1.generation }) {
      switch object.status {
      case .deposed: changes.append(PlannedChange(address: record.address, change: .destroy(recorded: object, reason: .deposed)))
      case .retained: retained.append(object)
      case .current, .pending: break
      }
    }
    guard record.address.kind == .image else { return }
    var limit = request.desired.first { $0.address == record.address }?.settings.retain ?? 2
    if case .replace(_, _, _, .retain, _)? = change { limit -= 1 }
    let expired = retained.sorted { $0.generation > $1.generation }.dropFirst(max(limit, 0))
    for object in expired.sorted(by: { $0.generation < $1.generation }) where !isImageInUse(object) {
      changes.append(PlannedChange(address: record.address, change: .destroy(recorded: object, reason: .retentionExpired)))
    }
  }

  /// True when a recorded launch template that stays refers to this image's `id`.
  private mutating func isImageInUse(_ image: RecordedObject) -> Bool {
    guard let id = image.outputs["id"], !id.isUnknown else { return false }
    if imageIDsInUse == nil {
      var ids: Set<Value> = []
      for (address, record) in request.recorded.resources where address.kind == .launchTemplate {
        guard let template = record.current, decisions[address]?.isNew == false else { continue }
        ids.formUnion(template.identity.values)
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
    for address in request.recorded.resources.keys.sorted() where !desiredAddresses.contains(address) {
      let record = request.recorded.resources[address]!
      if let current = record.current {
        changes.append(PlannedChange(address: address, change: .destroy(recorded: current, reason: reason)))
      }
      for object in record.generations.sorted(by: { $0.generation < $1.generation }) {
        switch object.status {
        case .deposed: changes.append(PlannedChange(address: address, change: .destroy(recorded: object, reason: .deposed)))
        case .retained: changes.append(PlannedChange(address: address, change: .destroy(recorded: object, reason: reason)))
        case .current, .pending: break
        }
      }
    }
  }

  // MARK: - Ordering and protection

  /// As in Terraform, create-before-destroy spreads from a replaced resource to the replaced
  /// resources it depends on (otherwise the old dependant would outlive its dependency).
  private mutating func applyCreateBeforeDestroySpread() {
    var indexByAddress: [ResourceAddress: Int] = [:]
    for (index, change) in changes.enumerated() where change.recorded?.status != .retained {
      if case .replace = change.change { indexByAddress[change.address] = index }
    }
    guard !indexByAddress.isEmpty else { return }
    for resource in request.desired.reversed() {
      guard let index = indexByAddress[resource.address],
        case .replace(_, _, .createBeforeDestroy, _, _) = changes[index].change
      else { continue }
      for dependency in resource.dependencies {
        guard let dependencyIndex = indexByAddress[dependency],
          case .replace(let old, let planned, .destroyBeforeCreate, let retire, let reasons) = changes[dependencyIndex].change
        else { continue }
        changes[dependencyIndex].change = .replace(
          recorded: old, planned: planned, order: .createBeforeDestroy, retire: retire, reasons: reasons)
      }
    }
  }

  private mutating func checkPreventDestroy() {
    let rangeByAddress = Dictionary(request.desired.map { ($0.address, $0.range) }, uniquingKeysWith: { a, _ in a })
    let desiredSettings = Dictionary(request.desired.map { ($0.address, $0.settings) }, uniquingKeysWith: { a, _ in a })
    for change in changes {
      let action: String
      let old: RecordedObject
      switch change.change {
      case .replace(let recorded, _, _, _, _):
        action = "replace"
        old = recorded
      case .destroy(let recorded, _) where recorded.status == .current:
        action = "destroy"
        old = recorded
      default: continue
      }
      let isProtected =
        old.settings.lifecycle.preventDestroy || desiredSettings[change.address]?.lifecycle.preventDestroy == true
      if isProtected {
        diagnostics.append(.preventDestroy(change.address, name: old.name, action: action, range: rangeByAddress[change.address] ?? nil))
      }
    }
  }
}

/// An image's `digest` output: SHA-256 (hex) of the canonical encoding of its sealed identity
/// attributes (file contents included); unknown while any of them is unknown (BRIEF §2).
public enum ImageDigest {
  public static func digest(of identity: [String: Value]) -> Value {
    let value = Value.map(identity)
    if value.containsUnknown { return .unknown }
    return .string(Hex.encode(SHA256.hash(ValueCoding.canonicalBytes(value))))
  }
}
