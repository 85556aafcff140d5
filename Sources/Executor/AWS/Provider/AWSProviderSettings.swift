import ImmplanParser

/// The settings of a `provider "aws"` configuration, typed (BRIEF §2).
public struct AWSProviderSettings: Sendable, Hashable {
  /// nil: take the region from the environment.
  public var region: String?
  public var endpoint: String?
  public var profile: String?

  public init(region: String? = nil, endpoint: String? = nil, profile: String? = nil) {
    self.region = region
    self.endpoint = endpoint
    self.profile = profile
  }

  public init(_ configuration: ProviderConfiguration) {
    self.init(
      region: configuration.string("region"), endpoint: configuration.string("endpoint"),
      profile: configuration.string("profile"))
  }
}
