import Foundation
import ImmplanParser
import ImmplanPlanner

/// The one place that turns configuration settings into a live provider and state store, used by
/// every command that talks to the cloud or the state (`apply`, `destroy`, `rollback`, `output`,
/// `history`, `plan -refresh`).
///
/// - provider: `aws` when the settings have a `provider "aws"` block (``AWSProvider``), else the
///   `sim` under its `dir` (relative to the configuration directory), with its `latency` and `fail`
///   map (``SimProvider``);
/// - state: `state "local"` (`path` relative to the configuration directory) or `state "s3"`.
public enum ProviderFactory {
  /// The provider of `settings`. AWS set-up problems (no region, no credentials) are errors.
  public static func provider(
    _ settings: ProviderSettings, configurationDirectory: String, environment: [String: String],
    clock: any ExecutionClock = SystemClock()
  ) -> Result<any Provider, ApplyError> {
    if let aws = settings.aws {
      do throws(AWSError) {
        return .success(try AWSProvider(settings: aws, environment: environment, clock: clock))
      } catch {
        return .failure(.setup("cannot use the aws provider: \(error)"))
      }
    }
    return .success(
      SimProvider(
        settings: settings.sim ?? SimProviderSettings(), configurationDirectory: configurationDirectory, clock: clock))
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
}
