import ImmplanParser

/// The on-disk plan document, format version 1, as a ``JSONValue`` tree (like the state file, and
/// for the same reason: Foundation's `JSONEncoder` is far too slow at 100,000 resources). Recorded
/// objects use the state file's object layout and values its tagged form, so a reviewer reads one
/// vocabulary. Top-level keys (sorted when written): `changes`, `checksum`, `configuration`,
/// `format_version`, `mode`, `operations`, `prior_state`, `providers`, `state_backend`, `summary`,
/// `variables`, `warnings`; and `rollback` (`to_version`, `from_version`) in a plan made by
/// `rollback -to VERSION`.
///
/// `configuration` holds `files` (the `*.imm.hcl` sources as planned) and `directory`, the
/// configuration directory exactly as given to `plan` (absent in older files: `.`). `apply
/// PLANFILE` resolves the relative sim `dir` and local state `path` against it; a relative
/// `directory` is relative to the working directory `plan` ran in (like `terraform -chdir`).
enum PlanFileWriter {
  static let documentKeys: Set<String> = [
    "changes", "checksum", "configuration", "format_version", "mode", "operations", "prior_state", "providers",
    "state_backend", "summary", "variables", "warnings", "rollback",
  ]

  static func document(_ plan: Plan, checksum: String) -> JSONValue {
    let summary = plan.summary
    var prior: [String: JSONValue] = [
      "lineage": .string(plan.prior.lineage), "serial": .integer(plan.prior.serial),
      "digest": .string(plan.prior.digest), "is_new": .bool(plan.prior.isNew),
    ]
    if let version = plan.prior.rolledBackFromVersion { prior["rolled_back_from"] = .integer(version) }
    var rollback: [String: JSONValue] = [:]
    if let planned = plan.rollback {
      rollback["to_version"] = .integer(planned.toVersion)
      if let from = planned.fromVersion { rollback["from_version"] = .integer(from) }
    }
    var document: [String: JSONValue] = [
      "format_version": .integer(PlanFile.formatVersion),
      "checksum": .string(checksum),
      "mode": .string(plan.mode.rawValue),
      "prior_state": .object(prior),
      "summary": .object([
        "create": .integer(summary.create), "replace": .integer(summary.replace), "destroy": .integer(summary.destroy),
        "settings_update": .integer(summary.settingsUpdate), "unchanged": .integer(plan.unchangedCount),
      ]),
      "changes": .array(plan.changes.map(change)),
      "operations": .array(
        plan.operations.map {
          .object([
            "id": .string($0.id), "action": .string($0.action.rawValue), "address": .string($0.address.description),
            "generation": .integer($0.generation), "name": .string($0.name),
            "depends_on": .array($0.dependsOn.map(JSONValue.string)),
          ])
        }),
      "warnings": .array(
        plan.warnings.map { warning in
          var members: [String: JSONValue] = [
            "code": .string(warning.code.rawValue), "message": .string(warning.message),
            "notes": .array(warning.notes.map(JSONValue.string)),
          ]
          if let help = warning.help { members["help"] = .string(help) }
          return .object(members)
        }),
      "providers": providers(plan.providers),
      "state_backend": backend(plan.stateBackend),
      "variables": .array(
        plan.variables.map {
          .object(["name": .string($0.name), "sensitive": .bool($0.isSensitive), "value": ValueCoding.json($0.value)])
        }),
      "configuration": .object([
        "directory": .string(plan.configuration.directory),
        "files": .array(
          plan.configuration.files.map { .object(["path": .string($0.path), "text": .string($0.text)]) }),
      ]),
    ]
    if plan.rollback != nil { document["rollback"] = .object(rollback) }
    return .object(document)
  }

  private static func backend(_ backend: StateBackendSettings) -> JSONValue {
    switch backend {
    case .local(let path): return .object(["type": .string("local"), "path": .string(path)])
    case .s3(let bucket, let key, let region, let endpoint, let profile):
      var members: [String: JSONValue] = ["type": .string("s3"), "bucket": .string(bucket), "key": .string(key)]
      if let region { members["region"] = .string(region) }
      if let endpoint { members["endpoint"] = .string(endpoint) }
      if let profile { members["profile"] = .string(profile) }
      return .object(members)
    }
  }

  private static func change(_ change: PlannedChange) -> JSONValue {
    var members: [String: JSONValue] = [
      "address": .string(change.address.description), "action": .string(change.change.action.rawValue),
    ]
    if let recorded = change.recorded {
      members["recorded"] = StateFileWriter.object(
        address: recorded.address, status: recorded.status, record: recorded.record,
        cloud: recorded.cloudID.map { CloudObject(record: recorded.record, cloudID: $0, outputs: recorded.outputs) })
    }
    if let planned = change.planned { members["planned"] = plannedObject(planned, address: change.address) }
    switch change.change {
    case .create: break
    case .replace(_, _, let order, let retire, let reasons):
      members["order"] = .string(order.rawValue)
      members["retire"] = .string(retire.rawValue)
      members["reasons"] = .array(reasons.map(reason))
    case .destroy(_, let reason): members["destroy_reason"] = .string(reason.rawValue)
    case .keep(_, let settings): members["settings_changes"] = .array(settings.map(attributeChange))
    }
    return .object(members)
  }

  /// The state file's object layout (status `pending`, no cloud ID yet) plus `outputs` as planned,
  /// `digest` possibly null, `may_reuse_existing`, and `promoted: true` for a retained generation
  /// made current again.
  private static func plannedObject(_ planned: PlannedObject, address: ResourceAddress) -> JSONValue {
    let record = ObjectRecord(
      name: planned.name, generation: planned.generation, digest: planned.digest ?? "", provider: planned.provider,
      identity: planned.identity, dependencies: planned.dependencies, settings: planned.settings)
    guard
      case .object(var members) = StateFileWriter.object(address: address, status: .pending, record: record, cloud: nil)
    else { preconditionFailure("objects are written as JSON objects") }
    members.removeAll { $0.key == "digest" || $0.key == "status" }
    members.append(JSONMember(key: "digest", value: planned.digest.map(JSONValue.string) ?? .null))
    members.append(
      JSONMember(
        key: "outputs",
        value: .object(
          planned.outputs.mapValues { value -> JSONValue in
            if case .string(let text) = value { return .string(text) }
            return ValueCoding.json(.unknown)
          })))
    members.append(JSONMember(key: "may_reuse_existing", value: .bool(planned.mayReuseExisting)))
    if planned.promoted { members.append(JSONMember(key: "promoted", value: .bool(true))) }
    return .object(members)
  }

  private static func attributeChange(_ change: AttributeChange) -> JSONValue {
    var members: [String: JSONValue] = ["path": .string(change.path)]
    if let before = change.before { members["before"] = ValueCoding.json(before) }
    if let after = change.after { members["after"] = ValueCoding.json(after) }
    return .object(members)
  }

  private static func reason(_ reason: ReplaceReason) -> JSONValue {
    var members: [String: JSONValue] = ["text": .string(PlanTextRenderer.text(reason))]
    switch reason {
    case .attributeChanged(let change):
      members["kind"] = .string("attribute_changed")
      members["change"] = attributeChange(change)
    case .dependencyReplaced(let address, let outputs):
      members["kind"] = .string("dependency_replaced")
      members["address"] = .string(address.description)
      members["outputs"] = .array(outputs.map(JSONValue.string))
    case .dependencyCreated(let address):
      members["kind"] = .string("dependency_created")
      members["address"] = .string(address.description)
    case .triggered(let trigger):
      members["kind"] = .string("triggered")
      members["trigger"] = .string(trigger)
    case .requested: members["kind"] = .string("requested")
    case .providerChanged(let before, let after):
      members["kind"] = .string("provider_changed")
      members["before"] = .string(before)
      members["after"] = .string(after)
    case .drift(let detail):
      members["kind"] = .string("drift")
      members["detail"] = .string(detail)
    }
    return .object(members)
  }
}
