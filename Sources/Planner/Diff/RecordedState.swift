import ImmplanParser

/// One recorded object as a plan refers to it: its address and status plus the state's record.
/// Built from ``State`` (``State/recordedObjects(at:)``); carried in changes so reviewers and the
/// executor see exactly what is replaced or destroyed.
public struct RecordedObject: Sendable, Hashable {
  public var address: ResourceAddress
  public var status: ObjectStatus
  public var record: ObjectRecord
  /// nil while pending.
  public var cloudID: String?
  /// Computed attributes as recorded (`id`, `name`, `digest`, `arn`).
  public var outputs: [String: String]

  public init(
    address: ResourceAddress, status: ObjectStatus, record: ObjectRecord, cloudID: String?, outputs: [String: String]
  ) {
    self.address = address
    self.status = status
    self.record = record
    self.cloudID = cloudID
    self.outputs = outputs
  }

  public var name: String { record.name }
  public var generation: Int { record.generation }
  /// `image.web#g7`: the address plus generation, unique among all recorded objects.
  public var objectKey: String { "\(address)#g\(record.generation)" }
  /// Outputs as values, as dependants see them.
  public var outputValues: ResourceOutputs { outputs.mapValues(Value.string) }
}

extension State {
  /// Every object recorded at `address`: the current one first, then older generations by number.
  public func recordedObjects(at address: ResourceAddress) -> [RecordedObject] {
    guard let resource = resources[address] else { return [] }
    var objects: [RecordedObject] = []
    if let current = resource.current {
      objects.append(
        RecordedObject(
          address: address, status: .current, record: current.record, cloudID: current.cloudID,
          outputs: current.outputs))
    }
    for generation in resource.generations {
      objects.append(
        RecordedObject(
          address: address, status: generation.status, record: generation.record,
          cloudID: generation.cloudObject?.cloudID, outputs: generation.cloudObject?.outputs ?? [:]))
    }
    return objects
  }
}

/// What the diff needs of one desired resource; built from ``Resource`` and ``Graph`` at the edge.
public struct DesiredResource: Sendable {
  public var address: ResourceAddress
  /// The provider configuration that creates its objects.
  public var provider: ProviderConfigAddress
  /// Sorted by address; each names another desired resource.
  public var dependencies: [ResourceAddress]
  public var settings: ResourceSettings
  /// Where the block is written (for diagnostics such as `prevent_destroy`), if known.
  public var range: SourceRange?
  /// Evaluates the identity attributes given the planned outputs of the dependencies.
  public var evaluateIdentity: @Sendable ([ResourceAddress: ResourceOutputs]) -> IdentityEvaluation

  public init(
    address: ResourceAddress, provider: ProviderConfigAddress = ProviderConfigAddress(type: "sim"),
    dependencies: [ResourceAddress], settings: ResourceSettings, range: SourceRange? = nil,
    evaluateIdentity: @escaping @Sendable ([ResourceAddress: ResourceOutputs]) -> IdentityEvaluation
  ) {
    self.address = address
    self.provider = provider
    self.dependencies = dependencies
    self.settings = settings
    self.range = range
    self.evaluateIdentity = evaluateIdentity
  }
}
