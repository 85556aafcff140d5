import ImmplanParser

/// The settings of a `provider "sim"` configuration, typed (BRIEF §2).
public struct SimProviderSettings: Sendable, Hashable {
  /// As written (default `.immplan/sim`), relative to the configuration directory.
  public var directory: String = ".immplan/sim"
  public var latency: DurationValue = .zero
  /// Resource address → `"create"`, `"destroy"` or `"health"`.
  public var failures: [String: String] = [:]

  public init(directory: String = ".immplan/sim", latency: DurationValue = .zero, failures: [String: String] = [:]) {
    self.directory = directory
    self.latency = latency
    self.failures = failures
  }

  /// A configuration's settings (the front end checked and defaulted them).
  public init(_ configuration: ProviderConfiguration) {
    self.init(
      directory: configuration.string("dir") ?? ".immplan/sim", latency: configuration.duration("latency") ?? .zero,
      failures: configuration.stringMap("fail"))
  }
}
