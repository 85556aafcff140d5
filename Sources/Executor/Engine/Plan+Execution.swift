import ImmplanParser
import ImmplanPlanner

/// The bridge from a reviewed ``Plan`` to the executor's operation graph.
extension Plan {
  /// The plan's operations as the executor runs them, same IDs and edges.
  ///
  /// Identity values the plan holds only as digests (sensitive) or as `.unknown` (outputs of
  /// objects created in this apply) become `.unknown`: the ``IdentityResolver`` passed to the
  /// ``Executor`` computes them from the configuration, the re-supplied secrets and real outputs.
  /// A destroy of a pending object (no cloud ID recorded) carries an empty cloud ID: the executor
  /// finds it by planned name.
  ///
  /// The plan-file reader refuses a plan whose operations do not match its changes; this throws
  /// (never traps) for such a plan built in memory: a create with no planned object, a destroy
  /// with no recorded one.
  public func executionOperations() throws(ExecutionGraphError) -> [ExecutionOperation] {
    var planned: [String: (change: Change, object: PlannedObject)] = [:]
    var recorded: [String: (change: Change, object: RecordedObject)] = [:]
    for item in changes {
      if let object = item.planned { planned["\(item.address)#g\(object.generation)"] = (item.change, object) }
      if let object = item.recorded { recorded["\(item.address)#g\(object.generation)"] = (item.change, object) }
    }
    var result: [ExecutionOperation] = []
    result.reserveCapacity(operations.count)
    for operation in operations {
      let key = "\(operation.address)#g\(operation.generation)"
      let action: ExecutionAction
      var binding: ProviderBinding?
      switch operation.action {
      case .create:
        guard let (change, object) = planned[key] else {
          throw .missingObject(operationID: operation.id, object: key)
        }
        action = .create(Self.createRequest(operation, change: change, object: object))
        binding = object.provider
      case .destroy:
        // Without its recorded object the destroy would look the object up by a name only the
        // operation gives.
        guard let (_, object) = recorded[key] else { throw .missingObject(operationID: operation.id, object: key) }
        let cloudID = object.cloudID ?? ""
        action = .destroy(cloudID: cloudID, plannedName: operation.name)
        binding = object.record.provider
      case .recordSettings:
        action = .recordSettings
      case .promote:
        // A damaged plan without the retained object's ID promotes "" (the executor refuses it).
        let object = planned[key]?.object
        binding = object?.provider
        var outputs = (object?.outputs ?? [:]).filter { if case .string = $0.value { true } else { false } }
        outputs["name"] = .string(operation.name)
        if let digest = object?.digest { outputs["digest"] = .string(digest) }
        let cloudID: String = if case .string(let id)? = object?.outputs["id"] { id } else { "" }
        action = .promote(
          CreatedObject(kind: operation.address.kind, cloudID: cloudID, plannedName: operation.name, outputs: outputs),
          generation: operation.generation, identity: (object?.identity ?? [:]).mapValues { $0.value ?? .unknown })
      }
      result.append(
        ExecutionOperation(
          id: operation.id, address: operation.address, action: action, dependsOn: operation.dependsOn,
          binding: binding))
    }
    return result
  }

  private static func createRequest(_ operation: PlannedOperation, change: Change, object: PlannedObject)
    -> CreateRequest
  {
    let identity = object.identity.mapValues { $0.value ?? .unknown }
    var knownOutputs: [String: Value] = [:]
    if operation.address.kind.traits.hasContentDigest {
      knownOutputs["digest"] = object.digest.map(Value.string) ?? .unknown
    }
    var gate: HealthGate?
    var rollback = false
    var replacing: String?
    if case .replace(let old, _, let order, _, _) = change {
      replacing = old.name
      rollback = order == .createBeforeDestroy
    }
    if operation.address.kind.traits.hasHealthGate {
      gate = healthGate(identity: identity, settings: object.settings)
      if case .create = change { rollback = true }
    }
    return CreateRequest(
      plannedName: object.name, generation: object.generation, identity: identity, knownOutputs: knownOutputs,
      healthGate: gate, rollbackOnFailure: rollback, replacing: replacing,
      mayReuseExisting: object.mayReuseExisting)
  }

  /// The gate of BRIEF §2: `desired_capacity` (else `min_size`) healthy instances, within
  /// `health_check.timeout` after `grace_period`, staying healthy for `rollout.bake_time`.
  static func healthGate(identity: [String: Value], settings: RecordedSettings) -> HealthGate {
    let check = settings.healthCheck ?? HealthCheckSettings()
    let rollout = settings.rollout ?? RolloutSettings()
    let desired =
      identity["desired_capacity"]?.numberValue?.intValue ?? identity["min_size"]?.numberValue?.intValue ?? 1
    return HealthGate(
      desiredCapacity: max(0, desired), checkType: check.type.rawValue,
      gracePeriod: .milliseconds(check.gracePeriod.milliseconds), timeout: .milliseconds(check.timeout.milliseconds),
      bakeTime: .milliseconds(rollout.bakeTime.milliseconds))
  }
}
