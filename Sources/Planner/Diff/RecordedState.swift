import ImmplanParser

/// The planner's read-only view of the recorded state (BRIEF §4): what the diff needs and nothing
/// more. Built from the state document by ``RecordedState/init(…)`` adapters at the edge, so the
/// diff can be tested with hand-built inputs.
public struct RecordedState: Sendable, Hashable {
  /// Fixed when the state was created.
  public var lineage: String
  public var serial: Int
  /// SHA-256 of the state's canonical content (hex); binds a plan to the exact state.
  public var digest: String
  /// Key of the HMAC-SHA256 digests of sensitive values (kept in the state, never printed).
  public var secretKey: [UInt8]
  /// True when no state existed yet (lineage and key are fresh and not yet stored).
  public var isNew: Bool
  public var resources: [ResourceAddress: RecordedResource]
  /// "rolled back from version N": set after a rollback until the configuration changes.
  public var rolledBackFromVersion: Int?

  public init(
    lineage: String, serial: Int, digest: String, secretKey: [UInt8], isNew: Bool = false,
    resources: [ResourceAddress: RecordedResource] = [:], rolledBackFromVersion: Int? = nil
  ) {
    self.lineage = lineage
    self.serial = serial
    self.digest = digest
    self.secretKey = secretKey
    self.isNew = isNew
    self.resources = resources
    self.rolledBackFromVersion = rolledBackFromVersion
  }
}

/// Everything recorded under one address.
public struct RecordedResource: Sendable, Hashable {
  public var address: ResourceAddress
  public var current: RecordedObject?
  /// Older generations: retained images, deposed objects, pending creations.
  public var generations: [RecordedObject]
  /// The next unused generation number (one more than any generation ever recorded here).
  public var nextGeneration: Int

  public init(address: ResourceAddress, current: RecordedObject?, generations: [RecordedObject] = [], nextGeneration: Int? = nil) {
    self.address = address
    self.current = current
    self.generations = generations
    let highest = ([current].compactMap { $0 } + generations).map(\.generation).max() ?? 0
    self.nextGeneration = max(nextGeneration ?? 0, highest + 1)
  }
}

/// One recorded cloud object.
public struct RecordedObject: Sendable, Hashable {
  public enum Status: String, Sendable, Hashable {
    case current
    /// An older image kept for rollback.
    case retained
    /// Replaced; its destroy is still due.
    case deposed
    /// Creation started but not confirmed; the executor adopts or removes it.
    case pending
  }

  public var address: ResourceAddress
  public var generation: Int
  public var name: String
  public var status: Status
  public var provider: ProviderBinding
  /// Identity inputs as recorded; sensitive ones are `.sensitive(.string(digest))`.
  public var identity: [String: Value]
  public var outputs: ResourceOutputs
  public var dependencies: [ResourceAddress]
  public var settings: ResourceSettings

  public init(
    address: ResourceAddress, generation: Int, name: String, status: Status = .current, provider: ProviderBinding,
    identity: [String: Value], outputs: ResourceOutputs, dependencies: [ResourceAddress], settings: ResourceSettings
  ) {
    self.address = address
    self.generation = generation
    self.name = name
    self.status = status
    self.provider = provider
    self.identity = identity
    self.outputs = outputs
    self.dependencies = dependencies
    self.settings = settings
  }

  /// `image.web#g7`: the address plus generation, unique among all recorded objects.
  public var objectKey: String { "\(address)#g\(generation)" }
}

/// What the diff needs of one desired resource; built from ``Resource`` and ``Graph`` at the edge.
public struct DesiredResource: Sendable {
  public var address: ResourceAddress
  /// Sorted by address; each names another desired resource.
  public var dependencies: [ResourceAddress]
  public var settings: ResourceSettings
  /// Where the block is written (for diagnostics such as `prevent_destroy`), if known.
  public var range: SourceRange?
  /// Evaluates the identity attributes given the planned outputs of the dependencies.
  public var evaluateIdentity: @Sendable ([ResourceAddress: ResourceOutputs]) -> IdentityEvaluation

  public init(
    address: ResourceAddress, dependencies: [ResourceAddress], settings: ResourceSettings, range: SourceRange? = nil,
    evaluateIdentity: @escaping @Sendable ([ResourceAddress: ResourceOutputs]) -> IdentityEvaluation
  ) {
    self.address = address
    self.dependencies = dependencies
    self.settings = settings
    self.range = range
    self.evaluateIdentity = evaluateIdentity
  }
}
