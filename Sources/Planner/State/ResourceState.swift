import ImmplanParser

/// Everything recorded at one address: the current object and older generations.
///
/// Invariant: not both empty (an address with nothing left is removed from the state); generation
/// numbers unique across `current` and `generations`; `generations` sorted by generation number.
public struct ResourceState: Sendable, Hashable {
  /// The object serving now, if any (none while the first create is pending, or after a destroy
  /// whose older generations are still due).
  public var current: CloudObject?
  /// Older (or not yet confirmed) objects, sorted by generation number.
  public var generations: [OlderGeneration]

  public init(current: CloudObject? = nil, generations: [OlderGeneration] = []) {
    self.current = current
    self.generations = generations.sorted { $0.record.generation < $1.record.generation }
  }

  public var isEmpty: Bool { current == nil && generations.isEmpty }

  /// Every object with its status: the current one first, then generations by number.
  public var allObjects: [(status: ObjectStatus, record: ObjectRecord)] {
    var out: [(status: ObjectStatus, record: ObjectRecord)] = []
    if let current { out.append((.current, current.record)) }
    for generation in generations { out.append((generation.status, generation.record)) }
    return out
  }

  /// The object with generation number `generation`, wherever it sits.
  public func object(generation: Int) -> (status: ObjectStatus, record: ObjectRecord)? {
    allObjects.first { $0.record.generation == generation }
  }
}

/// Where an object sits in its address's life (`state list -all` prints it: `fleet.web#g6 deposed`).
public enum ObjectStatus: String, Sendable, Hashable, CaseIterable {
  case current
  /// An older image kept for rollback (`retain`).
  case retained
  /// Replaced; its destroy is still due.
  case deposed
  /// Creation started but not confirmed: it may or may not exist in the cloud under its planned name.
  case pending
}

/// An object that is not the current one. Pending objects carry no cloud ID by construction.
public enum OlderGeneration: Sendable, Hashable {
  case retained(CloudObject)
  case deposed(CloudObject)
  case pending(ObjectRecord)

  public var status: ObjectStatus {
    switch self {
    case .retained: .retained
    case .deposed: .deposed
    case .pending: .pending
    }
  }

  public var record: ObjectRecord {
    switch self {
    case .retained(let object), .deposed(let object): object.record
    case .pending(let record): record
    }
  }

  /// The cloud object, nil while pending.
  public var cloudObject: CloudObject? {
    switch self {
    case .retained(let object), .deposed(let object): object
    case .pending: nil
    }
  }
}

/// What the planner decided about one object: its planned name and everything it was built from.
public struct ObjectRecord: Sendable, Hashable {
  /// The planned name, e.g. `immplan-web-g7` (BRIEF §3). A crashed apply finds the object by it.
  public var name: String
  /// Generation number (the `7` of `immplan-web-g7`), unique per address.
  public var generation: Int
  /// Digest of the identity inputs (what `history` records and images are tagged with).
  public var digest: String
  public var provider: ProviderBinding
  /// Identity inputs by attribute name; sensitive ones only as digests.
  public var identity: [String: RecordedValue]
  /// Direct dependencies, sorted by address.
  public var dependencies: [ResourceAddress]
  public var settings: RecordedSettings

  public init(
    name: String, generation: Int, digest: String, provider: ProviderBinding, identity: [String: RecordedValue],
    dependencies: [ResourceAddress], settings: RecordedSettings
  ) {
    self.name = name
    self.generation = generation
    self.digest = digest
    self.provider = provider
    self.identity = identity
    self.dependencies = dependencies.sorted()
    self.settings = settings
  }
}

/// An object confirmed to exist in the cloud.
public struct CloudObject: Sendable, Hashable {
  public var record: ObjectRecord
  /// The cloud's ID (`ami-…`, `lt-…`, the Auto Scaling group name, or the sim's ID). Never empty.
  public var cloudID: String
  /// Computed attributes (`id`, `name`, `digest`, `arn`, …) by name.
  public var outputs: [String: String]

  public init(record: ObjectRecord, cloudID: String, outputs: [String: String]) {
    self.record = record
    self.cloudID = cloudID
    self.outputs = outputs
  }
}

/// Which provider configuration manages an object, with what is needed to reach it again
/// (BRIEF §4): recorded with every object, so an object can be destroyed after its `provider`
/// block is gone. Never holds a credential: an AWS profile is recorded by name, keys come from the
/// environment.
///
/// `settings` are keyed by the type's binding keys (``ProviderType/bindingSettings``: the sim's
/// `directory`; AWS's `region`, `endpoint`, `profile`), values resolved at plan time (an AWS
/// region from the environment when the block has none).
public struct ProviderBinding: Sendable, Hashable {
  /// The provider type's name (`sim`, `aws`).
  public var type: String
  /// The configuration's alias (`eu` for `provider "aws" { alias = "eu" }`), nil for the default.
  public var alias: String?
  public var settings: [String: String]

  public init(type: String, alias: String? = nil, settings: [String: String] = [:]) {
    self.type = type
    self.alias = alias
    self.settings = settings
  }

  /// The simulated cloud under `directory` (as written, relative to the configuration directory).
  public static func sim(directory: String) -> ProviderBinding {
    ProviderBinding(type: "sim", settings: ["directory": directory])
  }

  /// AWS in `region`, optionally at a custom `endpoint` (moto in tests).
  public static func aws(region: String, endpoint: String? = nil) -> ProviderBinding {
    var settings = ["region": region]
    if let endpoint { settings["endpoint"] = endpoint }
    return ProviderBinding(type: "aws", settings: settings)
  }

  /// The configuration this binding came from.
  public var configuration: ProviderConfigAddress { ProviderConfigAddress(type: type, alias: alias) }

  /// The binding keys that locate objects (the region), as ``ProviderType/locationSettings`` names them.
  private var locationKeys: [String] {
    guard let type = ProviderType.named(type) else { return settings.keys.sorted() }
    return type.bindingSettings.filter { type.locationSettings.contains($0.setting) }.map(\.key)
  }

  /// Same provider type and the same location (region): moving an object anywhere else replaces
  /// it. A different alias, directory, endpoint or profile is the same cloud reached another way.
  public func isSameCloud(as other: ProviderBinding) -> Bool {
    type == other.type && locationKeys.allSatisfy { settings[$0] == other.settings[$0] }
  }

  /// `sim` or `aws (eu-west-1)`: the type and its location, for reasons and renderings.
  public var displayText: String {
    let location = locationKeys.compactMap { settings[$0] }
    return location.isEmpty ? type : "\(type) (\(location.joined(separator: ", ")))"
  }
}

/// immplan's own settings of an object as last applied (BRIEF §2). `prevent_destroy` is here so it
/// survives deleting the block. Changing these never touches the cloud.
public struct RecordedSettings: Sendable, Hashable {
  public var preventDestroy: Bool
  public var createBeforeDestroy: Bool
  public var description: String?
  public var retain: Int?
  public var healthCheck: HealthCheckSettings?
  public var rollout: RolloutSettings?

  public init(
    preventDestroy: Bool = false, createBeforeDestroy: Bool = true, description: String? = nil, retain: Int? = nil,
    healthCheck: HealthCheckSettings? = nil, rollout: RolloutSettings? = nil
  ) {
    self.preventDestroy = preventDestroy
    self.createBeforeDestroy = createBeforeDestroy
    self.description = description
    self.retain = retain
    self.healthCheck = healthCheck
    self.rollout = rollout
  }

  /// The recordable part of a resource's configured settings (`replace_triggered_by` is not recorded).
  public init(_ settings: ResourceSettings) {
    self.init(
      preventDestroy: settings.lifecycle.preventDestroy, createBeforeDestroy: settings.lifecycle.createBeforeDestroy,
      description: settings.description, retain: settings.retain, healthCheck: settings.healthCheck,
      rollout: settings.rollout)
  }
}
