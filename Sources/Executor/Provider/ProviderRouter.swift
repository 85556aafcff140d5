import ImmplanParser
import ImmplanPlanner
import Synchronization

/// Serves every provider configuration of a run through one ``Provider``: each call goes to the
/// provider of its ``ProviderContext/binding`` (the default configuration's when it has none).
///
/// A binding that matches a declared configuration (same address and same recorded settings) is
/// served by that configuration's provider. Any other binding — an object created in another
/// region or directory, or by a configuration whose block is gone — gets a provider of its own,
/// made on first use from the recorded settings, completed by the configuration at the same
/// address if one is declared (the sim's `latency` and `fail`), else the type's defaults.
/// Credentials always come from the environment and the recorded profile, never from state.
final class ProviderRouter: Provider {
  var name: String { "router" }
  private let configurations: [ProviderConfiguration]
  private let configurationDirectory: String
  private let environment: [String: String]
  private let clock: any ExecutionClock
  private let defaultBinding: ProviderBinding
  private let providers: Mutex<[ProviderBinding: any Provider]>

  init(
    configurations: [ProviderConfiguration], configurationDirectory: String, environment: [String: String],
    clock: any ExecutionClock
  ) throws(ApplyError) {
    let all = configurations.withImplicitDefault
    let defaultAddress = ProviderConfigAddress.defaultConfiguration(among: configurations.map(\.address))
    self.configurations = all
    self.configurationDirectory = configurationDirectory
    self.environment = environment
    self.clock = clock
    var made: [ProviderBinding: any Provider] = [:]
    var defaultBinding: ProviderBinding?
    for configuration in all {
      guard let implementation = ProviderFactory.implementations[configuration.address.type] else {
        throw .setup("immplan has no provider of type `\(configuration.address.type)`")
      }
      let binding = implementation.resolveBinding(configuration, environment)
      made[binding] = try implementation.make(configuration, configurationDirectory, environment, clock)
      if configuration.address == defaultAddress { defaultBinding = binding }
    }
    self.defaultBinding = defaultBinding!
    providers = Mutex(made)
  }

  /// The provider of `binding` (nil: the default configuration's).
  func provider(for binding: ProviderBinding?) throws(ProviderError) -> any Provider {
    let binding = binding ?? defaultBinding
    if let provider = providers.withLock({ $0[binding] }) { return provider }
    guard let implementation = ProviderFactory.implementations[binding.type],
      let type = ProviderType.named(binding.type)
    else {
      throw .permanent(code: "UnknownProvider", message: "immplan has no provider of type `\(binding.type)`")
    }
    // The declared configuration at the binding's address, or the type's defaults, with the
    // recorded settings in place of its own.
    var configuration =
      configurations.first { $0.address == binding.configuration }
      ?? ProviderConfiguration(defaultsOf: type, alias: binding.alias)
    for setting in type.bindingSettings {
      if let value = binding.settings[setting.key] { configuration.settings[setting.setting] = .string(value) }
    }
    let provider: any Provider
    do throws(ApplyError) {
      provider = try implementation.make(configuration, configurationDirectory, environment, clock)
    } catch {
      throw .permanent(code: "ProviderSetup", message: "\(error)")
    }
    return providers.withLock { cached in
      if let existing = cached[binding] { return existing }
      cached[binding] = provider
      return provider
    }
  }

  func create(
    _ kind: ResourceKind, plannedName: String, identity: [String: Value], knownOutputs: [String: Value],
    context: ProviderContext
  ) async throws(ProviderError) -> CreatedObject {
    try await provider(for: context.binding).create(
      kind, plannedName: plannedName, identity: identity, knownOutputs: knownOutputs, context: context)
  }

  /// Destroys the object. An object whose provider configuration is no longer declared is
  /// reached through its recorded binding alone; if the object is not found there, the binding
  /// may name the wrong account, region or endpoint, so the destroy fails rather than succeeding
  /// on nothing (and the object stays recorded).
  func destroy(_ kind: ResourceKind, cloudID: String, plannedName: String, context: ProviderContext)
    async throws(ProviderError)
  {
    let provider = try provider(for: context.binding)
    if let binding = context.binding, !configurations.contains(where: { $0.address == binding.configuration }),
      try await provider.find(kind, plannedName: plannedName, context: context) == nil
    {
      throw .permanent(
        code: "NotFoundThroughRecordedBinding",
        message:
          "`\(plannedName)` was not found through its recorded provider `\(binding.configuration)` (\(binding.displayText)),"
          + " whose block is gone; it stays in the state. Check the credentials and endpoint this run uses, or forget"
          + " it with `immplan state rm \(context.address)`")
    }
    try await provider.destroy(kind, cloudID: cloudID, plannedName: plannedName, context: context)
  }

  func read(_ kind: ResourceKind, cloudID: String, identity: [String: Value], context: ProviderContext)
    async throws(ProviderError) -> ReadResult
  {
    try await provider(for: context.binding).read(kind, cloudID: cloudID, identity: identity, context: context)
  }

  func find(_ kind: ResourceKind, plannedName: String, context: ProviderContext)
    async throws(ProviderError) -> CreatedObject?
  {
    try await provider(for: context.binding).find(kind, plannedName: plannedName, context: context)
  }

  func fleetHealth(fleetID: String, plannedName: String, context: ProviderContext)
    async throws(ProviderError) -> FleetHealth
  {
    try await provider(for: context.binding).fleetHealth(fleetID: fleetID, plannedName: plannedName, context: context)
  }
}
