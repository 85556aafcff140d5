import ImmplanParser

/// Reads the plan document written by ``PlanFileWriter``, validating every field; problems name
/// their JSON path. Errors come out as ``StateError/invalidField(path:jsonPath:reason:)`` from the
/// shared JSON reader and are turned into ``PlanFileError`` by ``PlanFile/decode(_:path:)``.
struct PlanFileReader {
  var file: String

  private func invalid(_ jsonPath: String, _ reason: String) -> StateError {
    .invalidField(path: file, jsonPath: jsonPath, reason: reason)
  }

  func plan(from json: JSONValue) throws(StateError) -> Plan {
    let root = try JSONObjectReader(json, path: "$", file: file)
    try root.rejectUnknown(PlanFileWriter.documentKeys.sorted())
    let modeText = try root.string("mode")
    guard let mode = Plan.Mode(rawValue: modeText) else { throw root.invalid("mode", "expected `normal` or `destroy`") }
    let prior = try root.object("prior_state")
    try prior.rejectUnknown(["lineage", "serial", "digest", "is_new", "rolled_back_from"])

    var changes: [PlannedChange] = []
    for (value, path) in try root.array("changes") {
      changes.append(try change(JSONObjectReader(value, path: path, file: file)))
    }

    var operations: [PlannedOperation] = []
    var seen: Set<String> = []
    for (value, path) in try root.array("operations") {
      let reader = try JSONObjectReader(value, path: path, file: file)
      try reader.rejectUnknown(["id", "action", "address", "generation", "name", "depends_on"])
      let actionText = try reader.string("action")
      guard let action = PlannedOperation.Action(rawValue: actionText) else {
        throw reader.invalid(
          "action", "expected `create`, `destroy`, `record_settings` or `promote`, found `\(actionText)`")
      }
      let id = try reader.string("id")
      let dependsOn = try strings(reader, "depends_on")
      for dependency in dependsOn where !seen.contains(dependency) {
        throw reader.invalid("depends_on", "`\(dependency)` is not an earlier operation")
      }
      guard seen.insert(id).inserted else { throw reader.invalid("id", "duplicate operation `\(id)`") }
      operations.append(
        PlannedOperation(
          id: id, action: action, address: try address(reader, "address"), generation: try reader.int("generation"),
          name: try reader.string("name"), dependsOn: dependsOn))
    }

    var warnings: [Diagnostic] = []
    for (value, path) in try root.array("warnings") {
      let reader = try JSONObjectReader(value, path: path, file: file)
      warnings.append(
        Diagnostic(
          .warning, DiagnosticCode(try reader.string("code")), try reader.string("message"),
          notes: try strings(reader, "notes"), help: try reader.optionalString("help")))
    }

    let providers = try providers(try root.object("providers"))

    var variables: [PlannedVariable] = []
    for (value, path) in try root.array("variables") {
      let reader = try JSONObjectReader(value, path: path, file: file)
      variables.append(
        PlannedVariable(
          name: try reader.string("name"),
          value: try ValueCoding.value(from: try reader.required("value"), node: reader.keyNode("value"), file: file),
          isSensitive: try reader.bool("sensitive")))
    }

    var files: [PlannedConfiguration.File] = []
    let configuration = try root.object("configuration")
    for (value, path) in try configuration.array("files") {
      let reader = try JSONObjectReader(value, path: path, file: file)
      files.append(PlannedConfiguration.File(path: try reader.string("path"), text: try reader.string("text")))
    }

    var rollback: PlannedRollback?
    if let reader = try root.optionalObject("rollback") {
      try reader.rejectUnknown(["to_version", "from_version"])
      rollback = PlannedRollback(
        toVersion: try reader.int("to_version"), fromVersion: try reader.optionalInt("from_version"))
    }

    let summaryReader = try root.object("summary")
    try summaryReader.rejectUnknown(["create", "replace", "destroy", "settings_update", "unchanged"])
    var summary: [String: Int] = [:]
    for key in ["create", "replace", "destroy", "settings_update"] { summary[key] = try summaryReader.optionalInt(key) }

    let plan = Plan(
      mode: mode, changes: changes, unchangedCount: try summaryReader.int("unchanged"), operations: operations,
      warnings: warnings,
      prior: PriorState(
        lineage: try prior.string("lineage"), serial: try prior.int("serial"), digest: try prior.string("digest"),
        isNew: try prior.bool("is_new"), rolledBackFromVersion: try prior.optionalInt("rolled_back_from")),
      providers: providers, stateBackend: try backend(try root.object("state_backend")), variables: variables,
      configuration: PlannedConfiguration(
        files: files, directory: try configuration.optionalString("directory") ?? "."),
      rollback: rollback)
    // Every field is well-formed; now the plan as a whole (see ``PlanFileValidator``).
    try PlanFileValidator(file: file).validate(plan, summary: summary)
    return plan
  }

  private func strings(_ reader: JSONObjectReader, _ key: String) throws(StateError) -> [String] {
    var out: [String] = []
    for (value, path) in try reader.array(key) {
      guard case .string(let text) = value else { throw invalid(path.rendered, "expected a string") }
      out.append(text)
    }
    return out
  }

  private func address(_ reader: JSONObjectReader, _ key: String) throws(StateError) -> ResourceAddress {
    let text = try reader.string(key)
    guard let address = ResourceAddress(parsing: text) else {
      throw reader.invalid(key, "`\(text)` is not a resource address")
    }
    return address
  }

  private func backend(_ reader: JSONObjectReader) throws(StateError) -> StateBackendSettings {
    switch try reader.string("type") {
    case "local": return .local(path: try reader.string("path"))
    case "s3":
      return .s3(
        bucket: try reader.string("bucket"), key: try reader.string("key"), region: try reader.optionalString("region"),
        endpoint: try reader.optionalString("endpoint"), profile: try reader.optionalString("profile"))
    case let other: throw reader.invalid("type", "expected `local` or `s3`, found `\(other)`")
    }
  }

  private func change(_ reader: JSONObjectReader) throws(StateError) -> PlannedChange {
    try reader.rejectUnknown([
      "address", "action", "recorded", "planned", "order", "retire", "reasons", "destroy_reason", "settings_changes",
    ])
    let address = try address(reader, "address")
    let action = try reader.string("action")
    func recorded() throws(StateError) -> RecordedObject {
      let object = try reader.object("recorded")
      let record = try StateFileReader(file: file).record(object, address: address)
      let statusText = try object.string("status")
      guard let status = ObjectStatus(rawValue: statusText) else { throw object.invalid("status", "unknown status") }
      let cloudID = try object.optionalString("cloud_id")
      let outputs = object.optional("outputs") == nil ? [:] : try object.stringMap("outputs")
      return RecordedObject(address: address, status: status, record: record, cloudID: cloudID, outputs: outputs)
    }
    switch action {
    case "create": return PlannedChange(address: address, change: .create(planned: try planned(reader, address)))
    case "replace":
      guard let order = ReplaceOrder(rawValue: try reader.string("order")) else {
        throw reader.invalid("order", "expected `create_before_destroy` or `destroy_before_create`")
      }
      guard let retire = Retirement(rawValue: try reader.string("retire")) else {
        throw reader.invalid("retire", "expected `destroy` or `retain`")
      }
      var reasons: [ReplaceReason] = []
      for (value, path) in try reader.array("reasons") {
        reasons.append(try reason(JSONObjectReader(value, path: path, file: file)))
      }
      return PlannedChange(
        address: address,
        change: .replace(
          recorded: try recorded(), planned: try planned(reader, address), order: order, retire: retire,
          reasons: reasons))
    case "destroy":
      guard let reason = DestroyReason(rawValue: try reader.string("destroy_reason")) else {
        throw reader.invalid("destroy_reason", "unknown destroy reason")
      }
      return PlannedChange(address: address, change: .destroy(recorded: try recorded(), reason: reason))
    case "keep":
      var settings: [AttributeChange] = []
      for (value, path) in try reader.array("settings_changes") {
        settings.append(try attributeChange(JSONObjectReader(value, path: path, file: file)))
      }
      return PlannedChange(address: address, change: .keep(recorded: try recorded(), settingsChanges: settings))
    default:
      throw reader.invalid("action", "expected `create`, `replace`, `destroy` or `keep`, found `\(action)`")
    }
  }

  private func planned(_ parent: JSONObjectReader, _ address: ResourceAddress) throws(StateError) -> PlannedObject {
    let object = try parent.object("planned")
    // The state reader checks the shared object layout; the planner's extra fields are read here.
    let shared = object.members.filter { !["outputs", "may_reuse_existing", "digest", "promoted"].contains($0.key) }
    let probe = try JSONObjectReader(
      .object(shared + [JSONMember(key: "digest", value: .string(""))]), path: object.node, file: file)
    let record = try StateFileReader(file: file).record(probe, address: address)
    var outputs: ResourceOutputs = [:]
    let outputsReader = try object.object("outputs")
    for member in outputsReader.members {
      switch try ValueCoding.value(from: member.value, node: outputsReader.keyNode(member.key), file: file) {
      case .string(let text): outputs[member.key] = .string(text)
      case .unknown: outputs[member.key] = .unknown
      default: throw outputsReader.invalid(member.key, "expected a string or unknown")
      }
    }
    return PlannedObject(
      name: record.name, generation: record.generation, identity: record.identity,
      digest: try object.optionalString("digest"), outputs: outputs, dependencies: record.dependencies,
      settings: record.settings, provider: record.provider, mayReuseExisting: try object.bool("may_reuse_existing"),
      promoted: object.members.contains { $0.key == "promoted" } ? try object.bool("promoted") : false)
  }

  private func attributeChange(_ reader: JSONObjectReader) throws(StateError) -> AttributeChange {
    func value(_ key: String) throws(StateError) -> RecordedValue? {
      guard let json = reader.members.first(where: { $0.key == key })?.value else { return nil }
      return try ValueCoding.value(from: json, node: reader.keyNode(key), file: file)
    }
    return AttributeChange(path: try reader.string("path"), before: try value("before"), after: try value("after"))
  }

  private func reason(_ reader: JSONObjectReader) throws(StateError) -> ReplaceReason {
    switch try reader.string("kind") {
    case "attribute_changed": return .attributeChanged(try attributeChange(try reader.object("change")))
    case "dependency_replaced":
      return .dependencyReplaced(try address(reader, "address"), outputs: try strings(reader, "outputs"))
    case "dependency_created": return .dependencyCreated(try address(reader, "address"))
    case "triggered": return .triggered(by: try reader.string("trigger"))
    case "requested": return .requested
    case "provider_changed":
      return .providerChanged(before: try reader.string("before"), after: try reader.string("after"))
    case "drift": return .drift(try reader.string("detail"))
    case let other: throw reader.invalid("kind", "unknown reason kind `\(other)`")
    }
  }
}
