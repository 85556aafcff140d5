/// The typed graph of one configuration: what the user desires, bound to the schema of BRIEF §2.
///
/// Built by ``Frontend/load(_:fileSystem:)`` only when the configuration has no errors. The planner
/// relies on: `resources` in a deterministic topological order (dependencies first, ties broken
/// by address); every `dependencies` entry names a resource in `resources`; settings evaluated
/// and checked. Identity attributes may reference other resources' computed outputs, so they are
/// evaluated on demand with ``Graph/evaluateIdentity(of:outputs:)`` as the planner walks the graph.
public struct Graph: Sendable {
  public var resources: [Resource]
  public var variables: [VariableValue]
  public var outputs: [OutputDeclaration]
  /// Every declared `provider` block, by address (``defaultProvider`` serves resources that name none).
  public var providers: [ProviderConfiguration]
  public var stateBackend: StateBackendSettings
  /// Where the defaults of sensitive variables are written, in every module: plan files embed
  /// the configuration with these replaced (secrets never reach an artifact).
  public var sensitiveDefaults: [SourceRange] = []
  /// Internal evaluation context (syntax of attribute expressions, locals, functions). Opaque.
  package var evaluation: EvaluationContext

  package init(
    resources: [Resource], variables: [VariableValue], outputs: [OutputDeclaration], providers: [ProviderConfiguration],
    stateBackend: StateBackendSettings, evaluation: EvaluationContext, addressOrder: [Int]? = nil
  ) {
    self.resources = resources
    self.variables = variables
    self.outputs = outputs
    self.providers = providers
    self.stateBackend = stateBackend
    self.evaluation = evaluation
    self.addressOrder = addressOrder ?? resources.indices.sorted { resources[$0].address < resources[$1].address }
  }

  /// Positions in `resources` in address order, as the graph was built (a hint: verified on use,
  /// so a caller that changes `resources` still gets correct answers, just slower). The graph
  /// builder has the order at hand, where a table by address would cost a hash of every address.
  private var addressOrder: [Int]

  /// The resource at `address`, in logarithmic time.
  public func resource(_ address: ResourceAddress) -> Resource? {
    var low = 0
    var high = addressOrder.count
    while low < high {
      let middle = (low + high) / 2
      guard addressOrder[middle] < resources.count else { break }
      if resources[addressOrder[middle]].address < address { low = middle + 1 } else { high = middle }
    }
    if low < addressOrder.count, addressOrder[low] < resources.count, resources[addressOrder[low]].address == address {
      return resources[addressOrder[low]]
    }
    return resources.first { $0.address == address }
  }
}

/// One `image`, `launch_template` or `fleet` block.
public struct Resource: Sendable {
  public var address: ResourceAddress
  /// The provider configuration that creates and destroys this resource's objects.
  public var provider: ProviderConfigAddress
  /// Direct dependencies (resources referenced anywhere in the block), sorted by address.
  public var dependencies: [ResourceAddress]
  /// immplan's own settings of this resource (never reach the cloud).
  public var settings: ResourceSettings
  /// The whole block, for diagnostics.
  public var range: SourceRange
  /// Where each attribute (by name, nested ones as `health_check.timeout`) is written, for diagnostics.
  /// Built on each read from the block; ``attributeRange(_:)`` finds one without building it.
  public var attributeRanges: [String: SourceRange] {
    get { explicitRanges ?? Resource.ranges(of: body) }
    set { explicitRanges = newValue }
  }
  /// The block's bound body, where the ranges come from (a resource of the graph builder keeps
  /// its body instead of a dictionary of every attribute's range, which few callers read).
  private var body: BoundBody
  /// Ranges given to the public initializer or assigned to ``attributeRanges``.
  private var explicitRanges: [String: SourceRange]?

  public init(
    address: ResourceAddress, provider: ProviderConfigAddress = ProviderConfigAddress(type: "sim"),
    dependencies: [ResourceAddress], settings: ResourceSettings, range: SourceRange,
    attributeRanges: [String: SourceRange]
  ) {
    self.address = address
    self.provider = provider
    self.dependencies = dependencies
    self.settings = settings
    self.range = range
    self.body = BoundBody()
    self.explicitRanges = attributeRanges
  }

  init(
    address: ResourceAddress, provider: ProviderConfigAddress, dependencies: [ResourceAddress],
    settings: ResourceSettings, range: SourceRange, body: BoundBody
  ) {
    self.address = address
    self.provider = provider
    self.dependencies = dependencies
    self.settings = settings
    self.range = range
    self.body = body
    self.explicitRanges = nil
  }

  /// Where the attribute `name` (nested ones as `lifecycle.prevent_destroy`) is written: the
  /// entry of ``attributeRanges`` for `name`.
  public func attributeRange(_ name: String) -> SourceRange? {
    if let explicitRanges { return explicitRanges[name] }
    // Split on the UTF-8 byte: `firstIndex(of: Character)` walks grapheme clusters, which cost
    // more than the whole lookup (planning asks this of every resource).
    guard let dot = name.utf8.firstIndex(of: UInt8(ascii: ".")) else { return body.attributes[name]?.range }
    guard let blocks = body.blocks[String(name[..<dot])] else { return nil }
    let attribute = String(name[name.utf8.index(after: dot)...])
    // The last block of a type wins, as it does in the dictionary.
    for block in blocks.reversed() {
      if let found = block.body.attributes[attribute] { return found.range }
    }
    return nil
  }

  private static func ranges(of body: BoundBody) -> [String: SourceRange] {
    var ranges: [String: SourceRange] = [:]
    for attribute in body.attributes { ranges[attribute.name] = attribute.range }
    for (type, blocks) in body.blocks {
      for block in blocks {
        for attribute in block.body.attributes { ranges[type + "." + attribute.name] = attribute.range }
      }
    }
    return ranges
  }
}

/// The settings of BRIEF §2: `description`, `retain`, `health_check`, `rollout`, `lifecycle`.
/// Values are final (defaults applied). A change to any of these never touches the cloud.
public struct ResourceSettings: Sendable, Hashable {
  public var description: String?
  /// Images only: previous generations kept for rollback (default 2).
  public var retain: Int?
  /// Fleets only.
  public var healthCheck: HealthCheckSettings?
  /// Fleets only.
  public var rollout: RolloutSettings?
  public var lifecycle: LifecycleSettings

  public init(
    description: String? = nil, retain: Int? = nil, healthCheck: HealthCheckSettings? = nil,
    rollout: RolloutSettings? = nil, lifecycle: LifecycleSettings = LifecycleSettings()
  ) {
    self.description = description
    self.retain = retain
    self.healthCheck = healthCheck
    self.rollout = rollout
    self.lifecycle = lifecycle
  }
}

public struct HealthCheckSettings: Sendable, Hashable {
  public enum CheckType: String, Sendable, Hashable { case ec2, elb }
  public var type: CheckType = .ec2
  public var gracePeriod: DurationValue = .zero
  public var timeout: DurationValue = .seconds(600)
  public init(type: CheckType = .ec2, gracePeriod: DurationValue = .zero, timeout: DurationValue = .seconds(600)) {
    self.type = type
    self.gracePeriod = gracePeriod
    self.timeout = timeout
  }
}

public struct RolloutSettings: Sendable, Hashable {
  public enum Strategy: String, Sendable, Hashable { case blueGreen = "blue_green" }
  public var strategy: Strategy = .blueGreen
  public var bakeTime: DurationValue = .zero
  public init(strategy: Strategy = .blueGreen, bakeTime: DurationValue = .zero) {
    self.strategy = strategy
    self.bakeTime = bakeTime
  }
}

public struct LifecycleSettings: Sendable, Hashable {
  public var preventDestroy: Bool = false
  public var createBeforeDestroy: Bool = true
  /// `replace_triggered_by`: a resource, or one of its attributes, whose replacement (or change)
  /// forces this one's replacement.
  public var replaceTriggeredBy: [ReplaceTrigger] = []
  public init(preventDestroy: Bool = false, createBeforeDestroy: Bool = true, replaceTriggeredBy: [ReplaceTrigger] = [])
  {
    self.preventDestroy = preventDestroy
    self.createBeforeDestroy = createBeforeDestroy
    self.replaceTriggeredBy = replaceTriggeredBy
  }
}

public struct ReplaceTrigger: Sendable, Hashable {
  public var address: ResourceAddress
  /// nil for the whole resource (`image.web`), else `image.web.id`'s `id`.
  public var attribute: String?
  public var range: SourceRange
  public init(address: ResourceAddress, attribute: String?, range: SourceRange) {
    self.address = address
    self.attribute = attribute
    self.range = range
  }
}

/// A declared variable with its final value (default < environment < -var-file / -var).
public struct VariableValue: Sendable, Hashable {
  public var name: String
  public var type: ValueType
  /// Final value, already marked ``Value/sensitive(_:)`` when `isSensitive`.
  public var value: Value
  public var isSensitive: Bool
  public var description: String?
  public init(name: String, type: ValueType, value: Value, isSensitive: Bool, description: String?) {
    self.name = name
    self.type = type
    self.value = value
    self.isSensitive = isSensitive
    self.description = description
  }
}

public struct OutputDeclaration: Sendable, Hashable {
  public var name: String
  public var description: String?
  public var isSensitive: Bool
  public var dependencies: [ResourceAddress]
  public var range: SourceRange
  public init(
    name: String, description: String?, isSensitive: Bool, dependencies: [ResourceAddress], range: SourceRange
  ) {
    self.name = name
    self.description = description
    self.isSensitive = isSensitive
    self.dependencies = dependencies
    self.range = range
  }
}

public enum StateBackendSettings: Sendable, Hashable {
  /// `path` as written (default `immplan.state.json`), relative to the configuration directory.
  case local(path: String)
  case s3(bucket: String, key: String, region: String?, endpoint: String?, profile: String?)
}
