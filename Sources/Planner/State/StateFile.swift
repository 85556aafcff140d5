import ImmplanParser

/// The on-disk state document, format version 2 (BRIEF §4; format 1 is read too), converted to and from ``State`` at
/// the edge. Its DTO is the ``JSONValue`` tree (see there for why not `Codable`); this file reads
/// it with validation, `StateFile+Writing.swift` writes it. Reading first tries
/// ``StateDirectDecoder`` (`StateFile+DirectDecoding.swift`: the same rules, straight from the
/// bytes, no tree), which gives up on anything it is not sure of and leaves it to the tree reader.
///
/// Layout (keys sorted when written; `…` elided):
/// ```json
/// {
///   "digest_key": "<64 hex>",
///   "format_version": 2,
///   "history": [{"objects": {"image.web": {"digest": "…", "name": "immplan-web-g2"}},
///                "plan_checksum": "…", "time": "2026-11-25T18:22:32Z", "version": 1}],
///   "lineage": "…",
///   "resources": {
///     "image.web": {
///       "current": {"cloud_id": "ami-…", "dependencies": [], "digest": "…", "generation": 2,
///                   "identity": {"source": "…"}, "kind": "image", "name": "immplan-web-g2",
///                   "outputs": {"id": "ami-…"}, "provider": {"directory": ".immplan/sim", "name": "sim"},
///                   "settings": {"create_before_destroy": true, "prevent_destroy": false},
///                   "status": "current"},
///       "generations": [{… "status": "retained" …}, {… "status": "pending", no cloud_id/outputs …}]
///     }
///   },
///   "generation_marks": {"fleet.old": 4},
///   "rolled_back_from": 3,
///   "serial": 7
/// }
/// ```
///
/// `generation_marks` (optional, additive: older files have none and read as empty) holds, per
/// address, the highest generation ever recorded there while it is above every generation still
/// recorded — after a destroy, even of the whole address — so new objects never reuse a name.
enum StateFile {
  static let documentKeys = [
    "format_version", "lineage", "serial", "digest_key", "rolled_back_from", "resources", "history",
    "generation_marks",
  ]
  static let resourceKeys = ["current", "generations"]
  static let objectKeys = [
    "kind", "status", "name", "generation", "digest", "cloud_id", "outputs", "provider", "identity", "dependencies",
    "settings",
  ]
  static let providerKeys = ProviderType.bindingKeys
  static let settingsKeys = [
    "prevent_destroy", "create_before_destroy", "description", "retain", "health_check", "rollout",
  ]
  static let historyKeys = ["version", "time", "plan_checksum", "objects"]
}

// MARK: - Reading

extension State {
  /// Reads and validates a state document. `path` is only for messages.
  ///
  /// Checks, in order: JSON syntax (a truncated file says so, with line and column), that it is an
  /// immplan state (an object with `format_version`), that the version is one this build reads (a
  /// newer one is refused saying so), then every field's type, that no unknown field is present,
  /// and every invariant of ``State``. The first problem is reported with its JSON path.
  public init(decoding bytes: [UInt8], path: String) throws(StateError) {
    // Fast path: straight from the bytes. It gives up on anything it is not sure of, and then
    // the tree reader below decides (and names the first problem).
    if let state = StateDirectDecoder.decode(bytes) {
      self = state
      return
    }
    self = try State(decodingTree: bytes, path: path)
  }

  /// The tree reader: ``JSONParser`` then ``StateFileReader``; the reference for every message.
  init(decodingTree bytes: [UInt8], path: String) throws(StateError) {
    let json: JSONValue
    do {
      json = try JSONParser.parse(bytes)
    } catch {
      throw .malformedJSON(path: path, detail: error.description)
    }
    guard case .object = json else {
      throw .notAStateFile(path: path, reason: "the top level is \(json.kindDescription), not a JSON object")
    }
    guard let versionValue = json["format_version"] else {
      if json["terraform_version"] != nil {
        throw .notAStateFile(path: path, reason: "it looks like a Terraform state (it has `terraform_version`)")
      }
      throw .notAStateFile(path: path, reason: "it has no `format_version`")
    }
    guard case .number(let versionText) = versionValue, let version = Int(versionText) else {
      throw .invalidField(
        path: path, jsonPath: "$.format_version",
        reason: "expected an integer, found \(JSONObjectReader.describeNonInteger(versionValue))")
    }
    if version > State.formatVersion {
      throw .newerFormatVersion(path: path, found: version, supported: State.formatVersion)
    }
    if version < State.oldestReadableFormatVersion { throw .unsupportedFormatVersion(path: path, found: version) }
    self = try StateFileReader(file: path).state(from: json)
  }
}

/// JSON tree → core types with validation; `file` is for messages.
struct StateFileReader {
  var file: String

  /// A planned name of one kind: unique across the whole state.
  private struct ObjectKey: Hashable {
    var kind: ResourceKind
    var name: String
  }

  private func invalid(_ jsonPath: String, _ reason: String) -> StateError {
    .invalidField(path: file, jsonPath: jsonPath, reason: reason)
  }

  func state(from json: JSONValue) throws(StateError) -> State {
    let document = try JSONObjectReader(json, path: "$", file: file)
    try document.rejectUnknown(StateFile.documentKeys)
    let lineage = try document.string("lineage")
    guard !lineage.isEmpty else { throw document.invalid("lineage", "must not be empty") }
    // Lineages are UUIDs; a huge one would be printed whole by every "the state has changed" message.
    guard lineage.utf8.count <= 256 else {
      throw document.invalid("lineage", "is \(lineage.utf8.count) bytes long; a lineage has at most 256")
    }
    let serial = try document.int("serial")
    guard serial >= 0 else { throw document.invalid("serial", "must not be negative") }
    let keyText = try document.string("digest_key")
    guard StateHashing.isDigestHex(keyText), let key = StateHashing.bytes(fromHex: keyText) else {
      throw document.invalid("digest_key", "expected 64 lowercase hexadecimal digits")
    }
    let rolledBackFrom = try document.optionalInt("rolled_back_from")
    if let from = rolledBackFrom, from < 1 { throw document.invalid("rolled_back_from", "must be at least 1") }

    let resourcesObject = try document.object("resources")
    var resources: [ResourceAddress: ResourceState] = [:]
    resources.reserveCapacity(resourcesObject.members.count)
    var owners: [ObjectKey: ResourceAddress] = [:]
    owners.reserveCapacity(resourcesObject.members.count)
    for member in resourcesObject.members {
      let base = resourcesObject.keyNode(member.key)
      guard let address = ResourceAddress(parsing: member.key) else {
        throw invalid(
          base.rendered,
          "`\(member.key)` is not a resource address (`image.NAME`, `launch_template.NAME` or `fleet.NAME`)")
      }
      let resource = try resourceState(JSONObjectReader(member.value, path: base, file: file), address: address)
      // One cloud object belongs to one address: two recording the same planned name (a bad
      // merge, a copied block) would let a destroy of one take the other's object with it.
      func claim(_ name: String) throws(StateError) {
        if let owner = owners.updateValue(address, forKey: ObjectKey(kind: address.kind, name: name)), owner != address
        {
          throw invalid(base.rendered, "`\(name)` is also recorded at `\(owner)`; one object cannot have two addresses")
        }
      }
      if let current = resource.current { try claim(current.record.name) }
      for generation in resource.generations { try claim(generation.record.name) }
      resources[address] = resource
    }

    var history: [HistoryVersion] = []
    for (value, base) in try document.array("history") {
      history.append(try historyVersion(JSONObjectReader(value, path: base, file: file), after: history.last))
    }
    // Optional (states written before it existed have none): highest generations of destroyed objects.
    var marks: [ResourceAddress: Int] = [:]
    if let marksObject = try document.optionalObject("generation_marks") {
      for member in marksObject.members {
        guard let address = ResourceAddress(parsing: member.key) else {
          throw invalid(marksObject.keyNode(member.key).rendered, "`\(member.key)` is not a resource address")
        }
        let mark = try marksObject.int(member.key)
        guard mark >= 1 else { throw marksObject.invalid(member.key, "must be at least 1") }
        marks[address] = mark
      }
    }
    return State(
      lineage: lineage, serial: serial, resources: resources, history: history, rolledBackFrom: rolledBackFrom,
      digestKey: DigestKey(bytes: key), generationMarks: marks)
  }

  private func historyVersion(_ reader: JSONObjectReader, after last: HistoryVersion?) throws(StateError)
    -> HistoryVersion
  {
    try reader.rejectUnknown(StateFile.historyKeys)
    let number = try reader.int("version")
    guard number >= 1 else { throw reader.invalid("version", "must be at least 1") }
    if let last, number <= last.number {
      throw reader.invalid("version", "versions must increase (\(number) follows \(last.number))")
    }
    let timeText = try reader.string("time")
    guard let time = Timestamp(parsing: timeText) else {
      throw reader.invalid("time", "`\(timeText)` is not a UTC time like `2026-11-25T18:22:32Z`")
    }
    let checksum = try reader.string("plan_checksum")
    guard !checksum.isEmpty else { throw reader.invalid("plan_checksum", "must not be empty") }
    let objectsReader = try reader.object("objects")
    var objects: [ResourceAddress: HistoryObject] = [:]
    for member in objectsReader.members {
      guard let address = ResourceAddress(parsing: member.key) else {
        throw invalid(objectsReader.keyPath(member.key), "`\(member.key)` is not a resource address")
      }
      let object = try JSONObjectReader(member.value, path: objectsReader.keyNode(member.key), file: file)
      try object.rejectUnknown(["name", "digest"])
      objects[address] = HistoryObject(name: try object.string("name"), digest: try object.string("digest"))
    }
    return HistoryVersion(number: number, time: time, planChecksum: checksum, objects: objects)
  }

  private func resourceState(_ reader: JSONObjectReader, address: ResourceAddress) throws(StateError) -> ResourceState {
    try reader.rejectUnknown(StateFile.resourceKeys)
    var seen: Set<Int> = []
    var current: CloudObject?
    if let currentReader = try reader.optionalObject("current") {
      let status = try currentReader.string("status")
      guard status == ObjectStatus.current.rawValue else {
        throw currentReader.invalid("status", "the current object must have status `current`, not `\(status)`")
      }
      let record = try record(currentReader, address: address)
      seen.insert(record.generation)
      current = try cloudObject(currentReader, record: record)
    }
    var generations: [OlderGeneration] = []
    for (value, base) in try reader.array("generations") {
      let object = try JSONObjectReader(value, path: base, file: file)
      let record = try record(object, address: address)
      guard seen.insert(record.generation).inserted else {
        throw object.invalid("generation", "generation \(record.generation) appears twice")
      }
      let status = try object.string("status")
      switch ObjectStatus(rawValue: status) {
      case .retained: generations.append(.retained(try cloudObject(object, record: record)))
      case .deposed: generations.append(.deposed(try cloudObject(object, record: record)))
      case .pending:
        try requirePending(object)
        generations.append(.pending(record))
      case .current, nil:
        throw object.invalid("status", "expected `retained`, `deposed` or `pending`, found `\(status)`")
      }
    }
    let state = ResourceState(current: current, generations: generations)
    guard !state.isEmpty else { throw invalid(reader.path, "an address must have a current object or a generation") }
    return state
  }

  /// A pending object has no cloud ID and no outputs: its creation is not confirmed.
  func requirePending(_ object: JSONObjectReader) throws(StateError) {
    guard object.optional("cloud_id") == nil else {
      throw object.invalid("cloud_id", "a pending object has no cloud ID (its creation is not confirmed)")
    }
    guard object.optional("outputs") == nil else { throw object.invalid("outputs", "a pending object has no outputs") }
  }

  func cloudObject(_ object: JSONObjectReader, record: ObjectRecord) throws(StateError) -> CloudObject {
    let status = (try? object.string("status")) ?? "live"
    guard object.optional("cloud_id") != nil else {
      throw object.invalid("cloud_id", "missing: a `\(status)` object must have a cloud ID")
    }
    let cloudID = try object.string("cloud_id")
    guard !cloudID.isEmpty else { throw object.invalid("cloud_id", "must not be empty") }
    guard object.optional("outputs") != nil else {
      throw object.invalid("outputs", "missing: a `\(status)` object must have outputs")
    }
    return CloudObject(record: record, cloudID: cloudID, outputs: try object.stringMap("outputs"))
  }

  func record(_ object: JSONObjectReader, address: ResourceAddress) throws(StateError) -> ObjectRecord {
    try object.rejectUnknown(StateFile.objectKeys)
    let kind = try object.string("kind")
    guard kind == address.kind.rawValue else {
      throw object.invalid("kind", "`\(kind)` does not match the address kind `\(address.kind.rawValue)`")
    }
    let name = try object.string("name")
    guard !name.isEmpty else { throw object.invalid("name", "must not be empty") }
    let generation = try object.int("generation")
    guard generation >= 1 else { throw object.invalid("generation", "must be at least 1") }
    let digest = try object.string("digest")

    let provider = try providerBinding(try object.object("provider"))

    let identityReader = try object.object("identity")
    var identity: [String: RecordedValue] = [:]
    for member in identityReader.members {
      identity[member.key] = try ValueCoding.value(
        from: member.value, node: identityReader.keyNode(member.key), file: file)
    }

    var dependencies: [ResourceAddress] = []
    for (value, path) in try object.array("dependencies") {
      guard case .string(let text) = value, let dependency = ResourceAddress(parsing: text) else {
        throw invalid(path.rendered, "expected a resource address string")
      }
      dependencies.append(dependency)
    }
    let settings = try settings(try object.object("settings"))
    return ObjectRecord(
      name: name, generation: generation, digest: digest, provider: provider, identity: identity,
      dependencies: dependencies, settings: settings)
  }

  /// `{"name": TYPE, "alias"?: …, <binding keys of TYPE>}`; keys of other types are ignored.
  func providerBinding(_ reader: JSONObjectReader) throws(StateError) -> ProviderBinding {
    try reader.rejectUnknown(StateFile.providerKeys)
    let name = try reader.string("name")
    guard let type = ProviderType.named(name) else {
      let names = ProviderType.all.map { "`\($0.name)`" }.sorted().joined(separator: " or ")
      throw reader.invalid("name", "expected \(names), found `\(name)`")
    }
    var binding = ProviderBinding(type: name, alias: try reader.optionalString("alias"))
    if let alias = binding.alias, !AddressText.isIdentifier(alias) {
      throw reader.invalid("alias", "`\(alias)` is not a name")
    }
    for setting in type.bindingSettings {
      let value = setting.isRequired ? try reader.string(setting.key) : try reader.optionalString(setting.key)
      binding.settings[setting.key] = value
    }
    return binding
  }

  func settings(_ reader: JSONObjectReader) throws(StateError) -> RecordedSettings {
    try reader.rejectUnknown(StateFile.settingsKeys)
    var healthCheck: HealthCheckSettings?
    if let check = try reader.optionalObject("health_check") {
      try check.rejectUnknown(["type", "grace_period_ms", "timeout_ms"])
      let typeText = try check.string("type")
      guard let type = HealthCheckSettings.CheckType(rawValue: typeText) else {
        throw check.invalid("type", "expected `ec2` or `elb`, found `\(typeText)`")
      }
      healthCheck = HealthCheckSettings(
        type: type, gracePeriod: DurationValue(milliseconds: try check.int64("grace_period_ms")),
        timeout: DurationValue(milliseconds: try check.int64("timeout_ms")))
    }
    var rollout: RolloutSettings?
    if let rolloutReader = try reader.optionalObject("rollout") {
      try rolloutReader.rejectUnknown(["strategy", "bake_time_ms"])
      let strategyText = try rolloutReader.string("strategy")
      guard let strategy = RolloutSettings.Strategy(rawValue: strategyText) else {
        throw rolloutReader.invalid("strategy", "expected `blue_green`, found `\(strategyText)`")
      }
      rollout = RolloutSettings(
        strategy: strategy, bakeTime: DurationValue(milliseconds: try rolloutReader.int64("bake_time_ms")))
    }
    let retain = try reader.optionalInt("retain")
    if let retain, retain < 0 { throw reader.invalid("retain", "must not be negative") }
    return RecordedSettings(
      preventDestroy: try reader.bool("prevent_destroy"), createBeforeDestroy: try reader.bool("create_before_destroy"),
      description: try reader.optionalString("description"), retain: retain, healthCheck: healthCheck,
      rollout: rollout)
  }
}
