import ImmplanParser

/// The structural checks a plan file passes after every field has been read (``PlanFileReader``).
/// The checksum is only a content hash: anyone can edit a plan file and seal it again, so the
/// reader itself makes sure the plan is one the planner could have written, and apply can rely on
/// it. Each problem names the JSON path of the field (or operation) that is wrong:
///
/// - numbers in range: generations at least 1; serial, versions, counts and durations not negative,
///   durations at most ten years;
/// - configuration files named `NAME.imm.hcl` by normalized relative paths, each once; each
///   variable once;
/// - the summary counts are those of the changes; a `destroy` plan only destroys;
/// - every object (`address#gN`, recorded or planned) appears once, at most one change per address
///   decides its current object (create, replace or keep), a replacement's new generation differs
///   from the one it replaces (and is newer unless promoted), a new object is named
///   `immplan-<name>-g<generation>`, and only an image replaced by a rollback is `promoted` (with
///   its `id` output);
/// - each operation's ID is the one its action, address and generation give (`create fleet.web`,
///   `destroy image.web#g7`, `settings fleet.api`, `promote image.web#g5`), it names the object of
///   a change of the right kind (a create the planned object of a create or replace, a destroy the
///   recorded object of a destroy or of a replace that destroys it, …) by its name, and lists each
///   dependency once, an earlier operation (checked while reading: so no cycle);
/// - conversely every change has exactly the operations it needs.
struct PlanFileValidator {
  var file: String

  private struct ObjectKey: Hashable, CustomStringConvertible {
    var address: ResourceAddress
    var generation: Int
    var description: String { "\(address)#g\(generation)" }
  }

  private func invalid(_ jsonPath: String, _ reason: String) -> StateError {
    .invalidField(path: file, jsonPath: jsonPath, reason: reason)
  }

  /// `summary`: the counts as written in the file (nil when absent).
  func validate(_ plan: Plan, summary: [String: Int]) throws(StateError) {
    try numbers(plan)
    let objects = try changes(plan)
    try operations(plan, objects: objects)
    // Last, so a change removed or added by hand is reported by what it breaks first.
    let computed = plan.summary
    let expected = [
      "create": computed.create, "replace": computed.replace, "destroy": computed.destroy,
      "settings_update": computed.settingsUpdate,
    ]
    for key in expected.keys.sorted() {
      guard let found = summary[key] else { throw invalid("$.summary.\(key)", "missing required field") }
      guard found == expected[key] else {
        throw invalid("$.summary.\(key)", "is \(found), but the changes have \(expected[key] ?? 0)")
      }
    }
  }

  private func numbers(_ plan: Plan) throws(StateError) {
    if plan.prior.serial < 0 { throw invalid("$.prior_state.serial", "must not be negative") }
    if let version = plan.prior.rolledBackFromVersion, version < 1 {
      throw invalid("$.prior_state.rolled_back_from", "must be at least 1")
    }
    if plan.unchangedCount < 0 { throw invalid("$.summary.unchanged", "must not be negative") }
    for provider in plan.providers {
      for (name, value) in provider.settings.sorted(by: { $0.key < $1.key }) {
        if case .duration(let duration) = value {
          try self.duration(duration, "$.providers.\(provider.address).\(name)_ms")
        }
      }
    }
    if let rollback = plan.rollback {
      if rollback.toVersion < 1 { throw invalid("$.rollback.to_version", "must be at least 1") }
      if let from = rollback.fromVersion, from < rollback.toVersion {
        throw invalid(
          "$.rollback.from_version", "\(from) is older than the version rolled back to (\(rollback.toVersion))")
      }
    }
    for (index, change) in plan.changes.enumerated() {
      if let planned = change.planned {
        try settings(planned.settings, "$.changes[\(index)].planned.settings")
      }
    }
    for (index, operation) in plan.operations.enumerated() where operation.generation < 1 {
      throw invalid("$.operations[\(index)].generation", "must be at least 1")
    }
    // Apply loads the configuration from these files by name (and the variables through a file
    // of its own): a name that `plan` cannot have written, or one twice, would load another one.
    var names: Set<String> = []
    for file in plan.configuration.files {
      guard ConfigurationPath.isRelativeConfigurationFile(file.path) else {
        throw invalid(
          "$.configuration.files",
          "`\(file.path)` is not a configuration file's path (`NAME.imm.hcl`, relative and normalized)")
      }
      guard names.insert(file.path).inserted else {
        throw invalid("$.configuration.files", "`\(file.path)` appears twice")
      }
    }
    var variables: Set<String> = []
    for (index, variable) in plan.variables.enumerated() where !variables.insert(variable.name).inserted {
      throw invalid("$.variables[\(index)].name", "variable `\(variable.name)` appears twice")
    }
  }

  private func settings(_ settings: RecordedSettings, _ path: String) throws(StateError) {
    if let check = settings.healthCheck {
      try duration(check.gracePeriod, path + ".health_check.grace_period_ms")
      try duration(check.timeout, path + ".health_check.timeout_ms")
    }
    if let rollout = settings.rollout { try duration(rollout.bakeTime, path + ".rollout.bake_time_ms") }
  }

  /// The configuration's own limit (ten years).
  static let maximumDurationMilliseconds: Int64 = DurationValue.maximumMilliseconds

  private func duration(_ value: DurationValue, _ path: String) throws(StateError) {
    if value.milliseconds < 0 { throw invalid(path, "must not be negative") }
    if value.milliseconds > Self.maximumDurationMilliseconds {
      throw invalid(path, "\(value.milliseconds) is more than ten years (\(Self.maximumDurationMilliseconds))")
    }
  }

  /// The objects the changes name: planned ones (by their new key) and recorded ones, with the
  /// index of their change.
  private struct Objects {
    var planned: [ObjectKey: Int] = [:]
    var recorded: [ObjectKey: Int] = [:]
  }

  private func changes(_ plan: Plan) throws(StateError) -> Objects {
    var objects = Objects()
    var deciding: [ResourceAddress: Int] = [:]
    for (index, change) in plan.changes.enumerated() {
      let path = "$.changes[\(index)]"
      if plan.mode == .destroy, change.change.action != .destroy {
        throw invalid(path + ".action", "a `destroy` plan only destroys, found `\(change.change.action.rawValue)`")
      }
      switch change.change {
      case .create, .replace, .keep:
        if let other = deciding.updateValue(index, forKey: change.address) {
          throw invalid(path + ".address", "`\(change.address)` already has a change at $.changes[\(other)]")
        }
      case .destroy: break
      }
      if let recorded = change.recorded {
        let key = ObjectKey(address: change.address, generation: recorded.generation)
        if case .keep = change.change, recorded.status != .current {
          throw invalid(
            path + ".recorded.status", "a kept object must be `current`, found `\(recorded.status.rawValue)`")
        }
        if case .replace = change.change, recorded.status != .current {
          throw invalid(
            path + ".recorded.status", "a replaced object must be `current`, found `\(recorded.status.rawValue)`")
        }
        if let other = objects.recorded.updateValue(index, forKey: key) {
          throw invalid(path + ".recorded", "object `\(key)` already appears at $.changes[\(other)]")
        }
      }
      guard let planned = change.planned else { continue }
      let key = ObjectKey(address: change.address, generation: planned.generation)
      if let other = objects.planned.updateValue(index, forKey: key) {
        throw invalid(path + ".planned.generation", "object `\(key)` already appears at $.changes[\(other)]")
      }
      if planned.promoted {
        guard case .replace = change.change, change.address.kind.traits.retainsGenerations else {
          throw invalid(path + ".planned.promoted", "only an image replaced by a rollback can be promoted")
        }
        guard case .string(let id)? = planned.outputs["id"], !id.isEmpty else {
          throw invalid(path + ".planned.outputs", "a promoted object needs its `id` output")
        }
      } else {
        let name = PlannedObject.name(for: change.address, generation: planned.generation)
        if planned.name != name {
          throw invalid(path + ".planned.name", "`\(planned.name)` is not the planned name `\(name)`")
        }
      }
      if case .replace(let recorded, _, _, _, _) = change.change {
        if planned.generation == recorded.generation {
          throw invalid(path + ".planned.generation", "the new object has the replaced object's generation")
        }
        if !planned.promoted && planned.generation < recorded.generation {
          throw invalid(
            path + ".planned.generation",
            "\(planned.generation) is older than the replaced generation \(recorded.generation)")
        }
      }
    }
    for (key, index) in objects.planned {
      if let other = objects.recorded[key] {
        throw invalid(
          "$.changes[\(max(index, other))]",
          "object `\(key)` is both planned and recorded ($.changes[\(min(index, other))])")
      }
    }
    return objects
  }

  private func operations(_ plan: Plan, objects: Objects) throws(StateError) {
    /// The operation IDs each change needs.
    var needed: [String: Int] = [:]
    for (index, change) in plan.changes.enumerated() {
      switch change.change {
      case .create(let planned):
        needed[PlannedOperation.createID(change.address)] = index
        _ = planned
      case .replace(let recorded, let planned, _, let retire, _):
        let id =
          planned.promoted
          ? PlannedOperation.promoteID(change.address, generation: planned.generation)
          : PlannedOperation.createID(change.address)
        needed[id] = index
        if retire == .destroy {
          needed[PlannedOperation.destroyID(change.address, generation: recorded.generation)] = index
        }
      case .destroy(let recorded, _):
        needed[PlannedOperation.destroyID(change.address, generation: recorded.generation)] = index
      case .keep:
        needed[PlannedOperation.settingsID(change.address)] = index
      }
    }

    for (index, operation) in plan.operations.enumerated() {
      let path = "$.operations[\(index)]"
      let key = ObjectKey(address: operation.address, generation: operation.generation)
      let expectedID: String
      let change: PlannedChange
      let name: String
      switch operation.action {
      case .create, .promote:
        expectedID =
          operation.action == .create
          ? PlannedOperation.createID(operation.address)
          : PlannedOperation.promoteID(operation.address, generation: operation.generation)
        guard let changeIndex = objects.planned[key], let planned = plan.changes[changeIndex].planned else {
          throw invalid(path, "`\(operation.id)`: no change plans object `\(key)`")
        }
        change = plan.changes[changeIndex]
        name = planned.name
        if planned.promoted != (operation.action == .promote) {
          throw invalid(
            path + ".action",
            planned.promoted
              ? "`\(operation.id)`: object `\(key)` is promoted, so its operation is a `promote`"
              : "`\(operation.id)`: object `\(key)` is new, so its operation is a `create`")
        }
      case .destroy, .recordSettings:
        expectedID =
          operation.action == .destroy
          ? PlannedOperation.destroyID(operation.address, generation: operation.generation)
          : PlannedOperation.settingsID(operation.address)
        guard let changeIndex = objects.recorded[key], let recorded = plan.changes[changeIndex].recorded else {
          throw invalid(path, "`\(operation.id)`: no change records object `\(key)`")
        }
        change = plan.changes[changeIndex]
        name = recorded.name
        switch (operation.action, change.change) {
        case (.destroy, .destroy), (.destroy, .replace(_, _, _, .destroy, _)), (.recordSettings, .keep): break
        default:
          throw invalid(
            path + ".action",
            "`\(operation.id)`: the change of `\(key)` is a `\(change.change.action.rawValue)`, which has no"
              + " `\(operation.action.rawValue)` of it")
        }
      }
      guard operation.id == expectedID else {
        throw invalid(
          path + ".id", "`\(operation.id)` does not match its action, address and generation: expected `\(expectedID)`")
      }
      guard operation.name == name else {
        throw invalid(path + ".name", "`\(operation.name)` is not the name of object `\(key)` (`\(name)`)")
      }
      guard needed.removeValue(forKey: operation.id) != nil else {
        throw invalid(path, "`\(operation.id)` is not needed by any change")
      }
      var listed: Set<String> = []
      for dependency in operation.dependsOn where !listed.insert(dependency).inserted {
        throw invalid(path + ".depends_on", "`\(dependency)` is listed twice")
      }
    }
    if let (id, index) = needed.min(by: { $0.value != $1.value ? $0.value < $1.value : $0.key < $1.key }) {
      throw invalid(
        "$.changes[\(index)]",
        "the `\(plan.changes[index].change.action.rawValue)` of `\(plan.changes[index].displayAddress)` has no"
          + " operation `\(id)`")
    }
  }
}
