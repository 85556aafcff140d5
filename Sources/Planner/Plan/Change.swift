import ImmplanParser

/// What a plan does with one cloud object (BRIEF §3). There is deliberately no "modify" or
/// "update": an object is created, replaced, destroyed or kept; a kept object may have immplan's
/// own settings updated, which never reaches the cloud.
public enum Change: Sendable, Hashable {
  /// Only in the configuration: a new object named `planned.name`.
  case create(planned: PlannedObject)
  /// In both, and something forces a new object. `recorded` is the object being replaced; it is
  /// destroyed, or for an image kept as a retained generation (`retire`).
  case replace(
    recorded: RecordedObject, planned: PlannedObject, order: ReplaceOrder, retire: Retirement, reasons: [ReplaceReason])
  /// An object that goes away: removed from the configuration, `-destroy`, a deposed leftover, or
  /// an image generation past its retention.
  case destroy(recorded: RecordedObject, reason: DestroyReason)
  /// Identity unchanged. `settingsChanges` (possibly empty) are recorded in state without any
  /// provider call.
  case keep(recorded: RecordedObject, settingsChanges: [AttributeChange])

  /// The plan's action word, for summaries and the plan file.
  public var action: ChangeAction {
    switch self {
    case .create: .create
    case .replace: .replace
    case .destroy: .destroy
    case .keep: .keep
    }
  }
}

/// The four actions, as a closed set (no modify/update exists).
public enum ChangeAction: String, Sendable, Hashable, CaseIterable {
  case create
  case replace
  case destroy
  case keep
}

/// The new object of a create or replace, named by the planner.
public struct PlannedObject: Sendable, Hashable {
  /// `immplan-<name>-g<generation>`; never the name of an object that exists or existed.
  public var name: String
  public var generation: Int
  /// Identity attributes as planned, sensitive parts only as digests; may contain `.unknown` for
  /// outputs of objects created in this plan (apply re-evaluates them with real outputs).
  public var identity: [String: RecordedValue]
  /// SHA-256 of the identity (``ObjectDigest``); nil while any identity input is unknown.
  public var digest: String?
  /// Outputs as known at plan time: `name` (and an image's `digest` when computable); `id` and
  /// `arn` are `.unknown`.
  public var outputs: ResourceOutputs
  public var dependencies: [ResourceAddress]
  /// Settings as they will be recorded.
  public var settings: RecordedSettings
  public var provider: ProviderBinding
  /// False for forced replacements (`-replace`, `replace_triggered_by`): the provider must not
  /// adopt an existing object with the same digest (BRIEF §6).
  public var mayReuseExisting: Bool
  /// The object already exists: a retained image generation that becomes current again (a
  /// rollback reusing the image whose digest matches, BRIEF §5). Nothing is built; its operation
  /// is a `promote`, and `outputs` hold its real `id`.
  public var promoted: Bool

  public init(
    name: String, generation: Int, identity: [String: RecordedValue], digest: String?, outputs: ResourceOutputs,
    dependencies: [ResourceAddress], settings: RecordedSettings, provider: ProviderBinding, mayReuseExisting: Bool,
    promoted: Bool = false
  ) {
    self.promoted = promoted
    self.name = name
    self.generation = generation
    self.identity = identity
    self.digest = digest
    self.outputs = outputs
    self.dependencies = dependencies
    self.settings = settings
    self.provider = provider
    self.mayReuseExisting = mayReuseExisting
  }

  /// The planner's naming rule (``PlannedName``): `immplan-<name>-g<generation>` for a root
  /// resource without repetition, module path and key included otherwise.
  public static func name(for address: ResourceAddress, generation: Int) -> String {
    PlannedName.name(for: address, generation: generation)
  }
}

/// Which object exists during a replacement.
public enum ReplaceOrder: String, Sendable, Hashable {
  /// Blue/green: the new object (and everything depending on it) exists before the old one goes.
  case createBeforeDestroy = "create_before_destroy"
  /// `create_before_destroy = false`: the old object is destroyed first; no rollback possible.
  case destroyBeforeCreate = "destroy_before_create"
}

/// What happens to the replaced object once its successor exists.
public enum Retirement: String, Sendable, Hashable {
  /// Destroyed by this plan.
  case destroy
  /// Kept as a retained image generation for rollback (`retain`); no cloud call.
  case retain
}

/// Why an object is replaced, down to the root cause. Display-only: the executor never
/// branches on it.
public enum ReplaceReason: Sendable, Hashable {
  /// An identity attribute differs (`instance_type: "t3.small" → "t3.large"`).
  case attributeChanged(AttributeChange)
  /// A dependency is replaced; `outputs` are its outputs that change (`id`, …).
  case dependencyReplaced(ResourceAddress, outputs: [String])
  /// A dependency is newly created (the reference moved to a new resource).
  case dependencyCreated(ResourceAddress)
  /// `replace_triggered_by` names `trigger` (a resource, or `resource.attribute`), which changes.
  case triggered(by: String)
  /// `-replace ADDRESS`.
  case requested
  /// The object lives with another provider or region than the configuration now says.
  case providerChanged(before: String, after: String)
  /// `plan -refresh` found the object missing or altered.
  case drift(String)
}

/// Why an object is destroyed. Display-only.
public enum DestroyReason: String, Sendable, Hashable {
  case removedFromConfiguration = "removed_from_configuration"
  case destroyMode = "destroy_mode"
  /// A deposed object whose destroy was still due (an interrupted apply).
  case deposed
  /// An old image generation beyond `retain`.
  case retentionExpired = "retention_expired"
}

/// One changed attribute or setting: `path` like `instance_type`, `provision[3]`,
/// `health_check.timeout`; `before`/`after` nil when absent.
public struct AttributeChange: Sendable, Hashable {
  public var path: String
  public var before: RecordedValue?
  public var after: RecordedValue?
  public init(path: String, before: RecordedValue?, after: RecordedValue?) {
    self.path = path
    self.before = before
    self.after = after
  }
}
