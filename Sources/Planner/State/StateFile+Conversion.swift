import Foundation
import ImmplanParser

// MARK: - Reading

extension State {
  /// Reads and validates a state document. `path` is only for messages.
  ///
  /// Checks, in order: JSON syntax, that it is an immplan state (`format_version` present), that
  /// the version is one this build reads (a newer one is refused saying so), then every field's type
  /// and every invariant of ``State``. The first problem is reported with its JSON path.
  public init(decoding bytes: [UInt8], path: String) throws(StateError) {
    let data = Data(bytes)
    let decoder = JSONDecoder()
    let probe: StateFile.VersionProbe
    do {
      probe = try decoder.decode(StateFile.VersionProbe.self, from: data)
    } catch let error as DecodingError {
      if case .typeMismatch(_, let context) = error, context.codingPath.isEmpty {
        throw .notAStateFile(path: path, reason: "the top level is not a JSON object")
      }
      throw StateError.from(error, path: path)
    } catch {
      throw StateError.from(error, path: path)
    }
    guard let version = probe.formatVersion else {
      if probe.terraformVersion != nil {
        throw .notAStateFile(path: path, reason: "it looks like a Terraform state (it has `terraform_version`)")
      }
      throw .notAStateFile(path: path, reason: "it has no `format_version`")
    }
    if version > State.formatVersion {
      throw .newerFormatVersion(path: path, found: version, supported: State.formatVersion)
    }
    if version < 1 { throw .unsupportedFormatVersion(path: path, found: version) }
    let document: StateFile.Document
    do {
      document = try decoder.decode(StateFile.Document.self, from: data)
    } catch {
      throw StateError.from(error, path: path)
    }
    self = try StateConverter(path: path).state(from: document)
  }

  /// The canonical encoding: sorted keys, two-space pretty layout, final newline. Equal states
  /// give identical bytes; this is what the local backend writes.
  public var canonicalBytes: [UInt8] {
    guard let data = try? ValueCoding.documentEncoder().encode(StateConverter.document(from: self)) else {
      preconditionFailure("encoding a State cannot fail")
    }
    return [UInt8](data) + [0x0a]
  }

  /// SHA-256 (lowercase hex) of ``canonicalBytes``: what a plan binds to (with lineage and serial).
  public var stateDigest: String { StateHashing.hex(StateHashing.sha256(canonicalBytes)) }
}

/// DTO ⇄ core conversion with validation; `path` is the file for messages.
struct StateConverter {
  var path: String

  private func invalid(_ jsonPath: String, _ reason: String) -> StateError {
    .invalidField(path: path, jsonPath: jsonPath, reason: reason)
  }

  func state(from document: StateFile.Document) throws(StateError) -> State {
    guard !document.lineage.isEmpty else { throw invalid("$.lineage", "must not be empty") }
    guard document.serial >= 0 else { throw invalid("$.serial", "must not be negative") }
    guard StateHashing.isDigestHex(document.digestKey), let key = StateHashing.bytes(fromHex: document.digestKey)
    else { throw invalid("$.digest_key", "expected 64 lowercase hexadecimal digits") }
    if let from = document.rolledBackFrom, from < 1 { throw invalid("$.rolled_back_from", "must be at least 1") }

    var resources: [ResourceAddress: ResourceState] = [:]
    for (text, resource) in document.resources {
      let base = "$.resources" + JSONPath.component(text)
      guard let address = ResourceAddress(parsing: text) else {
        throw invalid(base, "`\(text)` is not a resource address (`image.NAME`, `launch_template.NAME` or `fleet.NAME`)")
      }
      resources[address] = try resourceState(resource, address: address, base: base)
    }

    var history: [HistoryVersion] = []
    for (index, version) in document.history.enumerated() {
      let base = "$.history[\(index)]"
      guard version.version >= 1 else { throw invalid(base + ".version", "must be at least 1") }
      if let last = history.last, version.version <= last.number {
        throw invalid(base + ".version", "versions must increase (\(version.version) follows \(last.number))")
      }
      guard let time = Timestamp(parsing: version.time) else {
        throw invalid(base + ".time", "`\(version.time)` is not a UTC time like `2026-11-25T18:22:32Z`")
      }
      guard !version.planChecksum.isEmpty else { throw invalid(base + ".plan_checksum", "must not be empty") }
      var objects: [ResourceAddress: HistoryObject] = [:]
      for (text, object) in version.objects {
        guard let address = ResourceAddress(parsing: text) else {
          throw invalid(base + ".objects" + JSONPath.component(text), "`\(text)` is not a resource address")
        }
        objects[address] = HistoryObject(name: object.name, digest: object.digest)
      }
      history.append(
        HistoryVersion(number: version.version, time: time, planChecksum: version.planChecksum, objects: objects))
    }

    return State(
      lineage: document.lineage, serial: document.serial, resources: resources, history: history,
      rolledBackFrom: document.rolledBackFrom, digestKey: DigestKey(bytes: key))
  }

  func resourceState(_ resource: StateFile.Resource, address: ResourceAddress, base: String) throws(StateError)
    -> ResourceState
  {
    var seen: Set<Int> = []
    var current: CloudObject?
    if let object = resource.current {
      let objectPath = base + ".current"
      guard object.status == ObjectStatus.current.rawValue else {
        throw invalid(objectPath + ".status", "the current object must have status `current`, not `\(object.status)`")
      }
      let record = try record(object, address: address, base: objectPath)
      seen.insert(record.generation)
      current = try cloudObject(object, record: record, base: objectPath)
    }
    var generations: [OlderGeneration] = []
    for (index, object) in resource.generations.enumerated() {
      let objectPath = base + ".generations[\(index)]"
      let record = try record(object, address: address, base: objectPath)
      guard seen.insert(record.generation).inserted else {
        throw invalid(objectPath + ".generation", "generation \(record.generation) appears twice")
      }
      switch ObjectStatus(rawValue: object.status) {
      case .retained: generations.append(.retained(try cloudObject(object, record: record, base: objectPath)))
      case .deposed: generations.append(.deposed(try cloudObject(object, record: record, base: objectPath)))
      case .pending:
        guard object.cloudID == nil else {
          throw invalid(objectPath + ".cloud_id", "a pending object has no cloud ID (its creation is not confirmed)")
        }
        guard object.outputs == nil else { throw invalid(objectPath + ".outputs", "a pending object has no outputs") }
        generations.append(.pending(record))
      case .current, nil:
        throw invalid(
          objectPath + ".status", "expected `retained`, `deposed` or `pending`, found `\(object.status)`")
      }
    }
    let state = ResourceState(current: current, generations: generations)
    guard !state.isEmpty else { throw invalid(base, "an address must have a current object or a generation") }
    return state
  }

  func cloudObject(_ object: StateFile.Object, record: ObjectRecord, base: String) throws(StateError)
    -> CloudObject
  {
    guard let cloudID = object.cloudID, !cloudID.isEmpty else {
      throw invalid(base + ".cloud_id", "missing: a `\(object.status)` object must have a cloud ID")
    }
    guard let outputs = object.outputs else {
      throw invalid(base + ".outputs", "missing: a `\(object.status)` object must have outputs")
    }
    return CloudObject(record: record, cloudID: cloudID, outputs: outputs)
  }

  func record(_ object: StateFile.Object, address: ResourceAddress, base: String) throws(StateError)
    -> ObjectRecord
  {
    guard object.kind == address.kind.rawValue else {
      throw invalid(base + ".kind", "`\(object.kind)` does not match the address kind `\(address.kind.rawValue)`")
    }
    guard !object.name.isEmpty else { throw invalid(base + ".name", "must not be empty") }
    guard object.generation >= 1 else { throw invalid(base + ".generation", "must be at least 1") }
    let provider: ProviderBinding
    switch object.provider.name {
    case "sim":
      guard let directory = object.provider.directory else {
        throw invalid(base + ".provider.directory", "missing: the `sim` provider needs its directory")
      }
      provider = .sim(directory: directory)
    case "aws":
      guard let region = object.provider.region else {
        throw invalid(base + ".provider.region", "missing: the `aws` provider needs its region")
      }
      provider = .aws(region: region, endpoint: object.provider.endpoint)
    default:
      throw invalid(base + ".provider.name", "expected `sim` or `aws`, found `\(object.provider.name)`")
    }
    var dependencies: [ResourceAddress] = []
    for (index, text) in object.dependencies.enumerated() {
      guard let dependency = ResourceAddress(parsing: text) else {
        throw invalid(base + ".dependencies[\(index)]", "`\(text)` is not a resource address")
      }
      dependencies.append(dependency)
    }
    let settings = try settings(object.settings, base: base + ".settings")
    return ObjectRecord(
      name: object.name, generation: object.generation, digest: object.digest, provider: provider,
      identity: object.identity.mapValues(\.value), dependencies: dependencies, settings: settings)
  }

  func settings(_ dto: StateFile.Settings, base: String) throws(StateError) -> RecordedSettings {
    var healthCheck: HealthCheckSettings?
    if let check = dto.healthCheck {
      guard let type = HealthCheckSettings.CheckType(rawValue: check.type) else {
        throw invalid(base + ".health_check.type", "expected `ec2` or `elb`, found `\(check.type)`")
      }
      healthCheck = HealthCheckSettings(
        type: type, gracePeriod: DurationValue(milliseconds: check.gracePeriodMilliseconds),
        timeout: DurationValue(milliseconds: check.timeoutMilliseconds))
    }
    var rollout: RolloutSettings?
    if let dtoRollout = dto.rollout {
      guard let strategy = RolloutSettings.Strategy(rawValue: dtoRollout.strategy) else {
        throw invalid(base + ".rollout.strategy", "expected `blue_green`, found `\(dtoRollout.strategy)`")
      }
      rollout = RolloutSettings(strategy: strategy, bakeTime: DurationValue(milliseconds: dtoRollout.bakeTimeMilliseconds))
    }
    if let retain = dto.retain, retain < 0 { throw invalid(base + ".retain", "must not be negative") }
    return RecordedSettings(
      preventDestroy: dto.preventDestroy, createBeforeDestroy: dto.createBeforeDestroy, description: dto.description,
      retain: dto.retain, healthCheck: healthCheck, rollout: rollout)
  }

  // MARK: - Writing

  static func document(from state: State) -> StateFile.Document {
    var resources: [String: StateFile.Resource] = [:]
    for (address, resource) in state.resources {
      resources[address.description] = StateFile.Resource(
        current: resource.current.map { object(address: address, status: .current, record: $0.record, cloud: $0) },
        generations: resource.generations.map {
          object(address: address, status: $0.status, record: $0.record, cloud: $0.cloudObject)
        })
    }
    return StateFile.Document(
      formatVersion: State.formatVersion, lineage: state.lineage, serial: state.serial,
      digestKey: StateHashing.hex(state.digestKey.bytes), rolledBackFrom: state.rolledBackFrom, resources: resources,
      history: state.history.map { version in
        StateFile.Version(
          version: version.number, time: version.time.description, planChecksum: version.planChecksum,
          objects: Dictionary(
            uniqueKeysWithValues: version.objects.map {
              ($0.key.description, StateFile.HistoryObject(name: $0.value.name, digest: $0.value.digest))
            }))
      })
  }

  static func object(address: ResourceAddress, status: ObjectStatus, record: ObjectRecord, cloud: CloudObject?)
    -> StateFile.Object
  {
    let provider: StateFile.Provider
    switch record.provider {
    case .sim(let directory): provider = StateFile.Provider(name: "sim", directory: directory)
    case .aws(let region, let endpoint): provider = StateFile.Provider(name: "aws", region: region, endpoint: endpoint)
    }
    return StateFile.Object(
      kind: address.kind.rawValue, status: status.rawValue, name: record.name, generation: record.generation,
      digest: record.digest, cloudID: cloud?.cloudID, outputs: cloud?.outputs, provider: provider,
      identity: record.identity.mapValues(CodedValue.init), dependencies: record.dependencies.map(\.description),
      settings: settingsDTO(record.settings))
  }

  static func settingsDTO(_ settings: RecordedSettings) -> StateFile.Settings {
    StateFile.Settings(
      preventDestroy: settings.preventDestroy, createBeforeDestroy: settings.createBeforeDestroy,
      description: settings.description, retain: settings.retain,
      healthCheck: settings.healthCheck.map {
        StateFile.HealthCheck(
          type: $0.type.rawValue, gracePeriodMilliseconds: $0.gracePeriod.milliseconds,
          timeoutMilliseconds: $0.timeout.milliseconds)
      },
      rollout: settings.rollout.map {
        StateFile.Rollout(strategy: $0.strategy.rawValue, bakeTimeMilliseconds: $0.bakeTime.milliseconds)
      })
  }
}
