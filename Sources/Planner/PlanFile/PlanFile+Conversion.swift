import ImmplanParser

/// ``Plan`` ⇄ ``PlanFileDocument`` with validation; `path` is the file for messages.
struct PlanFileConverter {
  var path: String

  private func invalid(_ jsonPath: String, _ reason: String) -> PlanFileError {
    .invalidField(path: path, jsonPath: jsonPath, reason: reason)
  }

  // MARK: - Writing

  static func document(from plan: Plan, checksum: String) -> PlanFileDocument.Document {
    let summary = plan.summary
    return PlanFileDocument.Document(
      formatVersion: PlanFile.formatVersion, checksum: checksum, mode: plan.mode.rawValue,
      priorState: .init(
        lineage: plan.prior.lineage, serial: plan.prior.serial, digest: plan.prior.digest, isNew: plan.prior.isNew,
        rolledBackFrom: plan.prior.rolledBackFromVersion),
      summary: .init(
        create: summary.create, replace: summary.replace, destroy: summary.destroy,
        settingsUpdate: summary.settingsUpdate, unchanged: plan.unchangedCount),
      changes: plan.changes.map(changeDTO),
      operations: plan.operations.map {
        .init(
          id: $0.id, action: $0.action.rawValue, address: $0.address.description, generation: $0.generation,
          name: $0.name, dependsOn: $0.dependsOn)
      },
      warnings: plan.warnings.map { .init(code: $0.code.rawValue, message: $0.message, notes: $0.notes, help: $0.help) },
      providers: .init(
        sim: plan.providers.sim.map {
          .init(dir: $0.directory, latencyMilliseconds: $0.latency.milliseconds, fail: $0.failures)
        },
        aws: plan.providers.aws.map { .init(region: $0.region, endpoint: $0.endpoint, profile: $0.profile) }),
      stateBackend: backendDTO(plan.stateBackend),
      variables: plan.variables.map { .init(name: $0.name, sensitive: $0.isSensitive, value: CodedValue($0.value)) },
      configuration: .init(files: plan.configuration.files.map { .init(path: $0.path, text: $0.text) }))
  }

  private static func backendDTO(_ backend: StateBackendSettings) -> PlanFileDocument.StateBackendDTO {
    switch backend {
    case .local(let path): .init(type: "local", path: path)
    case .s3(let bucket, let key, let region, let endpoint, let profile):
      .init(type: "s3", bucket: bucket, key: key, region: region, endpoint: endpoint, profile: profile)
    }
  }

  private static func changeDTO(_ change: PlannedChange) -> PlanFileDocument.ChangeDTO {
    var dto = PlanFileDocument.ChangeDTO(address: change.address.description, action: change.change.action.rawValue)
    if let recorded = change.recorded {
      dto.recorded = StateConverter.object(
        address: recorded.address, status: recorded.status, record: recorded.record,
        cloud: recorded.cloudID.map { CloudObject(record: recorded.record, cloudID: $0, outputs: recorded.outputs) })
    }
    dto.planned = change.planned.map(plannedDTO)
    switch change.change {
    case .create: break
    case .replace(_, _, let order, let retire, let reasons):
      dto.order = order.rawValue
      dto.retire = retire.rawValue
      dto.reasons = reasons.map(reasonDTO)
    case .destroy(_, let reason): dto.destroyReason = reason.rawValue
    case .keep(_, let settings): dto.settingsChanges = settings.map(attributeChangeDTO)
    }
    return dto
  }

  private static func plannedDTO(_ planned: PlannedObject) -> PlanFileDocument.PlannedDTO {
    let record = ObjectRecord(
      name: planned.name, generation: planned.generation, digest: planned.digest ?? "", provider: planned.provider,
      identity: planned.identity, dependencies: planned.dependencies, settings: planned.settings)
    let object = StateConverter.object(
      address: ResourceAddress(kind: .image, name: "_"), status: .pending, record: record, cloud: nil)
    return .init(
      name: planned.name, generation: planned.generation, digest: planned.digest,
      identity: planned.identity.mapValues(CodedValue.init), outputs: planned.outputs.mapValues(outputDTO),
      dependencies: planned.dependencies.map(\.description), settings: object.settings, provider: object.provider,
      mayReuseExisting: planned.mayReuseExisting)
  }

  /// Planned outputs are known strings or unknown; nothing else is produced by the planner.
  private static func outputDTO(_ value: Value) -> CodedValue {
    if case .string(let text) = value { return CodedValue(.string(text)) }
    return CodedValue(.unknown)
  }

  private static func attributeChangeDTO(_ change: AttributeChange) -> PlanFileDocument.AttributeChangeDTO {
    .init(path: change.path, before: change.before.map(CodedValue.init), after: change.after.map(CodedValue.init))
  }

  private static func reasonDTO(_ reason: ReplaceReason) -> PlanFileDocument.ReasonDTO {
    var dto = PlanFileDocument.ReasonDTO(kind: "", text: PlanTextRenderer.text(reason))
    switch reason {
    case .attributeChanged(let change):
      dto.kind = "attribute_changed"
      dto.change = attributeChangeDTO(change)
    case .dependencyReplaced(let address, let outputs):
      dto.kind = "dependency_replaced"
      dto.address = address.description
      dto.outputs = outputs
    case .dependencyCreated(let address):
      dto.kind = "dependency_created"
      dto.address = address.description
    case .triggered(let trigger):
      dto.kind = "triggered"
      dto.trigger = trigger
    case .requested: dto.kind = "requested"
    case .providerChanged(let before, let after):
      dto.kind = "provider_changed"
      dto.before = before
      dto.after = after
    case .drift(let detail):
      dto.kind = "drift"
      dto.detail = detail
    }
    return dto
  }

  // MARK: - Reading

  func plan(from document: PlanFileDocument.Document) throws(PlanFileError) -> Plan {
    guard let mode = Plan.Mode(rawValue: document.mode) else {
      throw invalid("$.mode", "expected `normal` or `destroy`, found `\(document.mode)`")
    }
    var changes: [PlannedChange] = []
    for (index, dto) in document.changes.enumerated() { changes.append(try change(dto, base: "$.changes[\(index)]")) }
    var operations: [PlannedOperation] = []
    var seen: Set<String> = []
    for (index, dto) in document.operations.enumerated() {
      let base = "$.operations[\(index)]"
      guard let action = PlannedOperation.Action(rawValue: dto.action) else {
        throw invalid(base + ".action", "expected `create`, `destroy` or `record_settings`, found `\(dto.action)`")
      }
      for dependency in dto.dependsOn where !seen.contains(dependency) {
        throw invalid(base + ".depends_on", "`\(dependency)` is not an earlier operation")
      }
      guard seen.insert(dto.id).inserted else { throw invalid(base + ".id", "duplicate operation `\(dto.id)`") }
      operations.append(
        PlannedOperation(
          id: dto.id, action: action, address: try address(dto.address, base + ".address"), generation: dto.generation,
          name: dto.name, dependsOn: dto.dependsOn))
    }
    let prior = document.priorState
    return Plan(
      mode: mode, changes: changes, unchangedCount: document.summary.unchanged, operations: operations,
      warnings: document.warnings.map {
        Diagnostic(.warning, DiagnosticCode($0.code), $0.message, notes: $0.notes, help: $0.help)
      },
      prior: PriorState(
        lineage: prior.lineage, serial: prior.serial, digest: prior.digest, isNew: prior.isNew,
        rolledBackFromVersion: prior.rolledBackFrom),
      providers: ProviderSettings(
        sim: document.providers.sim.map {
          SimProviderSettings(directory: $0.dir, latency: DurationValue(milliseconds: $0.latencyMilliseconds), failures: $0.fail)
        },
        aws: document.providers.aws.map { AWSProviderSettings(region: $0.region, endpoint: $0.endpoint, profile: $0.profile) }),
      stateBackend: try backend(document.stateBackend),
      variables: document.variables.map { PlannedVariable(name: $0.name, value: $0.value.value, isSensitive: $0.sensitive) },
      configuration: PlannedConfiguration(
        files: document.configuration.files.map { PlannedConfiguration.File(path: $0.path, text: $0.text) }))
  }

  private func address(_ text: String, _ jsonPath: String) throws(PlanFileError) -> ResourceAddress {
    guard let address = ResourceAddress(parsing: text) else { throw invalid(jsonPath, "`\(text)` is not a resource address") }
    return address
  }

  private func backend(_ dto: PlanFileDocument.StateBackendDTO) throws(PlanFileError) -> StateBackendSettings {
    switch dto.type {
    case "local":
      guard let path = dto.path else { throw invalid("$.state_backend.path", "missing required field") }
      return .local(path: path)
    case "s3":
      guard let bucket = dto.bucket, let key = dto.key else {
        throw invalid("$.state_backend", "an `s3` backend needs `bucket` and `key`")
      }
      return .s3(bucket: bucket, key: key, region: dto.region, endpoint: dto.endpoint, profile: dto.profile)
    default: throw invalid("$.state_backend.type", "expected `local` or `s3`, found `\(dto.type)`")
    }
  }

  private func change(_ dto: PlanFileDocument.ChangeDTO, base: String) throws(PlanFileError) -> PlannedChange {
    let address = try address(dto.address, base + ".address")
    func require<T>(_ value: T?, _ field: String) throws(PlanFileError) -> T {
      guard let value else { throw invalid(base + "." + field, "missing: a `\(dto.action)` change needs it") }
      return value
    }
    let recorded = try dto.recorded.map { (object) throws(PlanFileError) in try recordedObject(object, address, base + ".recorded") }
    let planned = try dto.planned.map { (object) throws(PlanFileError) in try plannedObject(object, base + ".planned") }
    switch dto.action {
    case "create":
      return PlannedChange(address: address, change: .create(planned: try require(planned, "planned")))
    case "replace":
      let orderText = try require(dto.order, "order")
      guard let order = ReplaceOrder(rawValue: orderText) else { throw invalid(base + ".order", "unknown order `\(orderText)`") }
      let retireText = try require(dto.retire, "retire")
      guard let retire = Retirement(rawValue: retireText) else { throw invalid(base + ".retire", "unknown `\(retireText)`") }
      var reasons: [ReplaceReason] = []
      for (index, reason) in try require(dto.reasons, "reasons").enumerated() {
        reasons.append(try self.reason(reason, base: base + ".reasons[\(index)]"))
      }
      return PlannedChange(
        address: address,
        change: .replace(
          recorded: try require(recorded, "recorded"), planned: try require(planned, "planned"), order: order,
          retire: retire, reasons: reasons))
    case "destroy":
      let reasonText = try require(dto.destroyReason, "destroy_reason")
      guard let reason = DestroyReason(rawValue: reasonText) else {
        throw invalid(base + ".destroy_reason", "unknown reason `\(reasonText)`")
      }
      return PlannedChange(address: address, change: .destroy(recorded: try require(recorded, "recorded"), reason: reason))
    case "keep":
      return PlannedChange(
        address: address,
        change: .keep(
          recorded: try require(recorded, "recorded"),
          settingsChanges: (dto.settingsChanges ?? []).map(attributeChange)))
    default:
      throw invalid(base + ".action", "expected `create`, `replace`, `destroy` or `keep`, found `\(dto.action)`")
    }
  }

  private func recordedObject(_ dto: StateFile.Object, _ address: ResourceAddress, _ base: String) throws(PlanFileError)
    -> RecordedObject
  {
    let converter = StateConverter(path: path)
    do {
      let record = try converter.record(dto, address: address, base: base)
      guard let status = ObjectStatus(rawValue: dto.status) else {
        throw PlanFileError.invalidField(path: path, jsonPath: base + ".status", reason: "unknown status `\(dto.status)`")
      }
      return RecordedObject(address: address, status: status, record: record, cloudID: dto.cloudID, outputs: dto.outputs ?? [:])
    } catch let error as StateError {
      if case .invalidField(_, let jsonPath, let reason) = error { throw invalid(jsonPath, reason) }
      throw invalid(base, error.description)
    } catch let error as PlanFileError {
      throw error
    } catch {
      throw invalid(base, String(describing: error))
    }
  }

  private func plannedObject(_ dto: PlanFileDocument.PlannedDTO, _ base: String) throws(PlanFileError) -> PlannedObject {
    let probe = StateFile.Object(
      kind: "image", status: "pending", name: dto.name, generation: dto.generation, digest: dto.digest ?? "",
      cloudID: nil, outputs: nil, provider: dto.provider, identity: dto.identity, dependencies: dto.dependencies,
      settings: dto.settings)
    let record: ObjectRecord
    do {
      record = try StateConverter(path: path).record(probe, address: ResourceAddress(kind: .image, name: "_"), base: base)
    } catch {
      if case .invalidField(_, let jsonPath, let reason) = error { throw invalid(jsonPath, reason) }
      throw invalid(base, error.description)
    }
    var outputs: ResourceOutputs = [:]
    for (name, coded) in dto.outputs {
      switch coded.value {
      case .string(let text): outputs[name] = .string(text)
      case .unknown: outputs[name] = .unknown
      default: throw invalid(base + ".outputs." + name, "expected a string or unknown")
      }
    }
    return PlannedObject(
      name: record.name, generation: record.generation, identity: record.identity, digest: dto.digest, outputs: outputs,
      dependencies: record.dependencies, settings: record.settings, provider: record.provider,
      mayReuseExisting: dto.mayReuseExisting)
  }

  private func attributeChange(_ dto: PlanFileDocument.AttributeChangeDTO) -> AttributeChange {
    AttributeChange(path: dto.path, before: dto.before?.value, after: dto.after?.value)
  }

  private func reason(_ dto: PlanFileDocument.ReasonDTO, base: String) throws(PlanFileError) -> ReplaceReason {
    func require<T>(_ value: T?, _ field: String) throws(PlanFileError) -> T {
      guard let value else { throw invalid(base + "." + field, "missing: a `\(dto.kind)` reason needs it") }
      return value
    }
    switch dto.kind {
    case "attribute_changed": return .attributeChanged(attributeChange(try require(dto.change, "change")))
    case "dependency_replaced":
      return .dependencyReplaced(
        try address(try require(dto.address, "address"), base + ".address"), outputs: try require(dto.outputs, "outputs"))
    case "dependency_created": return .dependencyCreated(try address(try require(dto.address, "address"), base + ".address"))
    case "triggered": return .triggered(by: try require(dto.trigger, "trigger"))
    case "requested": return .requested
    case "provider_changed": return .providerChanged(before: try require(dto.before, "before"), after: try require(dto.after, "after"))
    case "drift": return .drift(try require(dto.detail, "detail"))
    default: throw invalid(base + ".kind", "unknown reason kind `\(dto.kind)`")
    }
  }
}
