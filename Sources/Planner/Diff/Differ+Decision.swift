import ImmplanParser
import ImmplanSupport

/// The decision for one desired resource: create, replace (with its root-cause reasons) or keep.
extension Differ {
  static func evaluate(
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
  func plan(_ resource: DesiredResource, index: Int, evaluated: Evaluated, forced: Bool) -> Planned {
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

  func plannedObject(
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
}
