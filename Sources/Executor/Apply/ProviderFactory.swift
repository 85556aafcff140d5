import Foundation
import ImmplanParser
import ImmplanPlanner

/// The one place that turns configuration into live providers and a state store, used by every
/// command that talks to the cloud or the state (`plan`, `apply`, `destroy`, `rollback`, `output`,
/// `history`, the `state` commands).
///
/// Providers: one implementation per provider type name (``implementations``). A
/// ``ProviderRouter`` serves every configuration and every recorded binding: an object is always
/// destroyed, read or found through the binding it was created with, even after its block changed
/// or was deleted.
public enum ProviderFactory {
  /// What the Executor knows of one provider type: how a configuration's binding is resolved
  /// (settings the environment supplies), and how a provider is made.
  struct Implementation: Sendable {
    var resolveBinding: @Sendable (ProviderConfiguration, _ environment: [String: String]) -> ProviderBinding
    var make:
      @Sendable (
        ProviderConfiguration, _ configurationDirectory: String, _ environment: [String: String],
        _ clock: any ExecutionClock
      ) throws(ApplyError) -> any Provider
  }

  /// By provider type name; every ``ProviderType/all`` entry has one.
  static let implementations: [String: Implementation] = [
    "sim": Implementation(
      resolveBinding: { configuration, _ in binding(configuration, values: configuration.bindingValues) },
      make: { configuration, directory, _, clock in
        SimProvider(settings: SimProviderSettings(configuration), configurationDirectory: directory, clock: clock)
      }),
    "aws": Implementation(
      resolveBinding: { configuration, environment in
        var values = configuration.bindingValues
        // The region as the SDKs find it when the block has none (variables, then the profile's);
        // empty when there is none at all, which making the provider reports.
        let settings = AWSProviderSettings(configuration)
        values["region"] =
          AWSSessionResolver(system: .live(environment: environment)).region(
            configured: settings.region, profile: settings.profile) ?? ""
        return binding(configuration, values: values)
      },
      make: { configuration, _, environment, clock throws(ApplyError) in
        do throws(AWSError) {
          return try AWSProvider(settings: AWSProviderSettings(configuration), environment: environment, clock: clock)
        } catch {
          throw .setup("cannot use the aws provider\(label(configuration)): \(error)")
        }
      }),
  ]

  /// The binding new objects of every configuration `graph` declares get (and of the implicit
  /// default configuration when none is declared).
  public static func bindings(for graph: Graph, environment: [String: String]) -> [ProviderConfigAddress:
    ProviderBinding]
  {
    var bindings: [ProviderConfigAddress: ProviderBinding] = [:]
    for configuration in graph.providers.withImplicitDefault {
      guard let implementation = implementations[configuration.address.type] else { continue }
      bindings[configuration.address] = implementation.resolveBinding(configuration, environment)
    }
    return bindings
  }

  /// A router over the providers of `configurations` (and the implicit default), each made now so
  /// that set-up problems (no region, no credentials) are reported before anything runs.
  public static func provider(
    _ configurations: [ProviderConfiguration], configurationDirectory: String, environment: [String: String],
    clock: any ExecutionClock = SystemClock()
  ) -> Result<any Provider, ApplyError> {
    do throws(ApplyError) {
      return .success(
        try ProviderRouter(
          configurations: configurations, configurationDirectory: configurationDirectory, environment: environment,
          clock: clock))
    } catch {
      return .failure(error)
    }
  }

  /// `path` from the configuration, relative to `configurationDirectory` unless absolute.
  public static func resolve(_ path: String, configurationDirectory: String) -> String {
    path.hasPrefix("/") ? path : (configurationDirectory as NSString).appendingPathComponent(path)
  }

  /// The state store of `backend`.
  public static func stateStore(
    _ backend: StateBackendSettings, configurationDirectory: String, environment: [String: String],
    stateEnvironment: StateEnvironment = .live, clock: any ExecutionClock = SystemClock()
  ) -> Result<StateStore, ApplyError> {
    switch backend {
    case .local(let path):
      return .success(
        StateStore.local(
          path: resolve(path, configurationDirectory: configurationDirectory), environment: stateEnvironment))
    case .s3(let bucket, let key, let region, let endpoint, let profile):
      do throws(AWSError) {
        let storage = try S3StateStorage(
          bucket: bucket, key: key, region: region, endpoint: endpoint, profile: profile, environment: environment,
          clock: clock)
        return .success(StateStore(storage: storage, environment: stateEnvironment))
      } catch {
        return .failure(.setup("cannot use the s3 state backend: \(error)"))
      }
    }
  }

  private static func binding(_ configuration: ProviderConfiguration, values: [String: String]) -> ProviderBinding {
    ProviderBinding(type: configuration.address.type, alias: configuration.address.alias, settings: values)
  }

  /// ` (aws.eu)` for an aliased configuration, nothing for a default one.
  static func label(_ configuration: ProviderConfiguration) -> String {
    configuration.address.alias == nil ? "" : " (\(configuration.address))"
  }
}
