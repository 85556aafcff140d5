import ImmplanParser

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
  /// The provider (and resolved region) new objects are created with.
  public var provider: ProviderBinding
  public var providers: ProviderSettings
  public var stateBackend: StateBackendSettings
  public var variables: [VariableValue]
  public var configuration: PlannedConfiguration

  public init(
    desired: [DesiredResource], state: State, stateDigest: String, isNewState: Bool = false, mode: Plan.Mode = .normal,
    replaceAddresses: [String] = [], provider: ProviderBinding = .sim(directory: ".immplan/sim"),
    providers: ProviderSettings = ProviderSettings(),
    stateBackend: StateBackendSettings = .local(path: "immplan.state.json"), variables: [VariableValue] = [],
    configuration: PlannedConfiguration = PlannedConfiguration(files: [])
  ) {
    self.desired = desired
    self.state = state
    self.stateDigest = stateDigest
    self.isNewState = isNewState
    self.mode = mode
    self.replaceAddresses = replaceAddresses
    self.provider = provider
    self.providers = providers
    self.stateBackend = stateBackend
    self.variables = variables
    self.configuration = configuration
  }
}

/// A plan, or the errors that prevent one; warnings in both cases.
public struct PlanOutcome: Sendable {
  /// nil when `diagnostics` has errors.
  public var plan: Plan?
  public var diagnostics: [Diagnostic]
}
