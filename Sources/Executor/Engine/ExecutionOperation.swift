import ImmplanParser
import ImmplanPlanner

/// One node of the operation graph the executor walks. The planner's plan maps onto these; the
/// executor owns how they run. There is no "update": only create, destroy, waiting on a fleet's
/// health (crash recovery), and recording settings (no provider call).
public struct ExecutionOperation: Sendable, Hashable, Identifiable {
  /// Stable across runs (the journal and the plan file use it), e.g. `create:fleet.web:g8`.
  public var id: String
  public var address: ResourceAddress
  public var action: ExecutionAction
  /// IDs of operations that must finish successfully before this one starts.
  public var dependsOn: [String]
  /// The provider configuration of the object (``ProviderContext/binding``): the planned
  /// object's for a create, the recorded one's for a destroy. nil: the run's default.
  public var binding: ProviderBinding?

  public init(
    id: String, address: ResourceAddress, action: ExecutionAction, dependsOn: [String] = [],
    binding: ProviderBinding? = nil
  ) {
    self.id = id
    self.address = address
    self.action = action
    self.dependsOn = dependsOn
    self.binding = binding
  }

  /// The planned name of the object this operation is about, if any.
  public var plannedName: String? {
    switch action {
    case .create(let request): request.plannedName
    case .destroy(_, let plannedName), .waitHealthy(_, let plannedName, _): plannedName
    case .promote(let object, _, _): object.plannedName
    case .recordSettings: nil
    }
  }
}

public enum ExecutionAction: Sendable, Hashable {
  /// Create a new object under its planned name; fleets then pass their health gate.
  case create(CreateRequest)
  /// An empty `cloudID` means "not known" (a pending object): the executor finds it by planned
  /// name first, and succeeds when there is nothing to destroy.
  case destroy(cloudID: String, plannedName: String)
  /// Wait again for a fleet that exists but was not confirmed healthy (crash recovery).
  case waitHealthy(cloudID: String, plannedName: String, gate: HealthGate)
  /// Settings changed; record them in state without a provider call.
  case recordSettings
  /// Make a retained generation (`object`, with its identity) current again: no cloud create; the
  /// provider only confirms it still exists unaltered (rollback, BRIEF §5).
  case promote(CreatedObject, generation: Int, identity: [String: Value])
}

/// Everything needed to create one object.
public struct CreateRequest: Sendable, Hashable {
  /// Chosen by the planner (`immplan-web-g8`).
  public var plannedName: String
  public var generation: Int
  /// Identity attributes. May contain `.unknown` where a value depends on an object created in
  /// this run; the executor's ``IdentityResolver`` fills those in before the provider call.
  public var identity: [String: Value]
  /// Outputs known at plan time and passed through to the created object (an image's `digest`).
  public var knownOutputs: [String: Value]
  /// Fleets: the health gate the new fleet must pass before the create counts as done.
  public var healthGate: HealthGate?
  /// When the health gate fails, destroy the new object (blue/green rollback; the old object is
  /// kept because its destroy depends on this create).
  public var rollbackOnFailure: Bool
  /// Display only: the planned name of the object this one replaces (kept on rollback).
  public var replacing: String?
  /// False for a forced replacement (`-replace`, `replace_triggered_by`): the provider must build a
  /// new object even where one with the same digest exists (BRIEF §3, §6).
  public var mayReuseExisting: Bool

  public init(
    plannedName: String, generation: Int, identity: [String: Value], knownOutputs: [String: Value] = [:],
    healthGate: HealthGate? = nil, rollbackOnFailure: Bool? = nil, replacing: String? = nil,
    mayReuseExisting: Bool = true
  ) {
    self.plannedName = plannedName
    self.generation = generation
    self.identity = identity
    self.knownOutputs = knownOutputs
    self.healthGate = healthGate
    self.rollbackOnFailure = rollbackOnFailure ?? (healthGate != nil)
    self.replacing = replacing
    self.mayReuseExisting = mayReuseExisting
  }
}

/// Fills the `.unknown` identity attributes (and known outputs) of a create from the outputs of
/// objects created earlier in this run, keyed by address. Supplied by whoever maps the plan;
/// returns a message when it cannot.
public typealias IdentityResolver =
  @Sendable (_ operation: ExecutionOperation, _ request: CreateRequest, _ outputs: [ResourceAddress: [String: Value]])
  -> Result<CreateRequest, IdentityResolutionError>

public struct IdentityResolutionError: Error, Sendable, Hashable {
  public var message: String
  public init(message: String) { self.message = message }
}
