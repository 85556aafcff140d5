import ImmplanParser
import ImmplanPlanner

/// A cloud that immplan can create, destroy, inspect and wait on (BRIEF §6): `sim` and `aws`.
///
/// Every call is one request to the cloud. Objects are only ever created or destroyed, never
/// modified (BRIEF §1). The planner names every new object, and `create` is idempotent on that
/// planned name (like an EC2 client token): asking again for an object that exists returns it.
///
/// Cancellation is Swift's: a cancelled task makes a pending call throw ``ProviderError/cancelled``
/// promptly (a second Ctrl-C stops waiting at once). An object whose creation was requested before
/// the cancellation may still exist; ``find(_:plannedName:context:)`` tells.
public protocol Provider: Sendable {
  /// `sim` or `aws`, for messages.
  var name: String { get }

  /// Creates one object and returns its cloud ID and computed outputs (`id`, `name`, `arn`, …,
  /// plus the request's ``CreateRequest/knownOutputs`` passed through, e.g. an image's `digest`).
  /// Returns when the object is ready (fleets: launched; health is ``waitUntilHealthy``'s job).
  func create(
    _ kind: ResourceKind, plannedName: String, identity: [String: Value], knownOutputs: [String: Value],
    context: ProviderContext
  ) async throws(ProviderError) -> CreatedObject

  /// Destroys one object. Destroying an object that no longer exists succeeds.
  func destroy(_ kind: ResourceKind, cloudID: String, plannedName: String, context: ProviderContext)
    async throws(ProviderError)

  /// Whether a recorded object still exists and still has the identity it was created with
  /// (`plan -refresh`).
  func read(_ kind: ResourceKind, cloudID: String, identity: [String: Value], context: ProviderContext)
    async throws(ProviderError) -> ReadResult

  /// The object created under `plannedName`, if any: crash recovery adopts what an interrupted
  /// apply created.
  func find(_ kind: ResourceKind, plannedName: String, context: ProviderContext)
    async throws(ProviderError) -> CreatedObject?

  /// One look at a fleet: how many of its instances are healthy now, and when to look again.
  /// The engine runs the health gate on these answers (`waitUntilHealthy`, HealthGateWait.swift).
  func fleetHealth(fleetID: String, plannedName: String, context: ProviderContext)
    async throws(ProviderError) -> FleetHealth
}

/// What a provider call is about, beyond its arguments. The sim provider looks up its `fail` map
/// by `address`.
public struct ProviderContext: Sendable, Hashable {
  public var address: ResourceAddress
  /// The executor's operation ID, for logs and client tokens.
  public var operationID: String
  /// False when the plan forces a new object (`-replace`, `replace_triggered_by`): a provider that
  /// reuses equal objects (the aws provider's AMIs tagged with the same digest) must not.
  public var mayReuseExisting: Bool
  /// A fleet create's health gate (`health_check` and `rollout` are immplan settings, not identity):
  /// a cloud with its own health checks (Auto Scaling's type and grace period) is configured from it.
  public var healthGate: HealthGate?
  /// The provider configuration the object belongs to: a planned object's binding, or the one
  /// recorded with it. nil: the run's default configuration.
  public var binding: ProviderBinding?
  public init(
    address: ResourceAddress, operationID: String, binding: ProviderBinding? = nil, mayReuseExisting: Bool = true,
    healthGate: HealthGate? = nil
  ) {
    self.address = address
    self.binding = binding
    self.operationID = operationID
    self.mayReuseExisting = mayReuseExisting
    self.healthGate = healthGate
  }
}
