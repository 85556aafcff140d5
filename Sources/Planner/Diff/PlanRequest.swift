import ImmplanParser
import ImmplanSupport

/// Everything one plan is made from. The CLI builds it from `Frontend.load`'s graph and the state;
/// tests build it by hand.
public struct PlanRequest: Sendable {
  /// In topological order (dependencies first), as `Graph.resources`.
  public var desired: [DesiredResource]
  /// The recorded state (empty when none exists yet).
  public var state: State
  /// ``State/stateDigest`` of `state`, computed once by the caller.
  public var stateDigest: String
  /// True when no state existed: apply creates it with `state`'s lineage and digest key.
  public var isNewState: Bool
  public var mode: Plan.Mode
  /// `-replace ADDRESS` texts in command-line order; each must name a desired resource.
  public var replaceAddresses: [String]
  /// Every declared provider configuration (recorded in the plan).
  public var providers: [ProviderConfiguration]
  /// The binding new objects of each configuration get (settings resolved, an AWS region from
  /// the environment): every configuration a desired resource names has one.
  public var bindings: [ProviderConfigAddress: ProviderBinding]
  public var stateBackend: StateBackendSettings
  public var variables: [VariableValue]
  public var configuration: PlannedConfiguration
  /// How widely each dependency level is planned in parallel. The plan is the same at every width.
  public var parallelism: Parallel

  public init(
    desired: [DesiredResource], state: State, stateDigest: String, isNewState: Bool = false, mode: Plan.Mode = .normal,
    replaceAddresses: [String] = [], providers: [ProviderConfiguration] = [],
    bindings: [ProviderConfigAddress: ProviderBinding] = [
      ProviderConfigAddress(type: "sim"): .sim(directory: ".immplan/sim")
    ],
    stateBackend: StateBackendSettings = .local(path: "immplan.state.json"), variables: [VariableValue] = [],
    configuration: PlannedConfiguration = PlannedConfiguration(files: []), parallelism: Parallel = .default
  ) {
    self.desired = desired
    self.state = state
    self.stateDigest = stateDigest
    self.isNewState = isNewState
    self.mode = mode
    self.replaceAddresses = replaceAddresses
    self.providers = providers
    self.bindings = bindings
    self.stateBackend = stateBackend
    self.variables = variables
    self.configuration = configuration
    self.parallelism = parallelism
  }
}

/// A plan, or the errors that prevent one; warnings in both cases.
public struct PlanOutcome: Sendable {
  /// nil when `diagnostics` has errors.
  public var plan: Plan?
  public var diagnostics: [Diagnostic]
}

extension PlanRequest {
  /// The binding a new object of `resource` gets: its configuration's, or for a configuration
  /// the caller did not resolve, the configuration's own settings.
  func binding(for resource: DesiredResource) -> ProviderBinding {
    if let binding = bindings[resource.provider] { return binding }
    let settings = providers.first { $0.address == resource.provider }?.bindingValues ?? [:]
    return ProviderBinding(type: resource.provider.type, alias: resource.provider.alias, settings: settings)
  }
}
