/// Turns a `provider "aws"` or `state "s3"` block's `region`, `profile` and `endpoint` into an
/// ``AWSConfiguration``, the way the AWS SDKs read their environment:
///
/// - profile: the block's `profile`, else `AWS_PROFILE`, else `AWS_DEFAULT_PROFILE`, else
///   `default`; a named profile must exist in the shared config or credentials file;
/// - region: the block's `region`, else `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the
///   profile's `region`;
/// - endpoints: ``AWSEndpoints`` (`AWS_ENDPOINT_URL_<SERVICE>`, the block's `endpoint`,
///   `AWS_ENDPOINT_URL`);
/// - credentials: ``AWSCredentialChain``'s choice, as one provider shared by every client.
///
/// Everything that can be checked without the network is checked here, so a typo fails the
/// command before it locks the state; network sources are asked on first use.
struct AWSSessionResolver: Sendable {
  var system: AWSSystem

  func configuration(region configured: String?, profile: String?, endpoint: String?) throws(AWSError)
    -> AWSConfiguration
  {
    let files = AWSSharedFiles(system: system)
    let explicit = profile.flatMap { $0.isEmpty ? nil : $0 }
    let name = explicit ?? system.variable("AWS_PROFILE") ?? system.variable("AWS_DEFAULT_PROFILE") ?? "default"
    if name != "default" && !files.hasProfile(name) {
      throw .configuration(.profileNotFound(profile: name, file: files.bothPaths))
    }
    let region = try region(configured, profile: files.profile(name))
    try AWSConfiguration.validate(region: region)
    let endpoints = AWSEndpoints(configured: endpoint, environment: system.environment)
    try endpoints.validate()
    let chain = AWSCredentialChain(
      system: system, files: files, profile: name, isProfileExplicit: explicit != nil, region: region,
      endpoints: endpoints)
    let selection = try chain.select()
    var configuration = AWSConfiguration(
      region: region, credentialProvider: system.sources.provider(for: selection, system: system),
      endpoints: endpoints)
    configuration.transport = system.transport
    return configuration
  }

  /// The region a block with `region` and `profile` works in, or nil when none is configured
  /// anywhere: what a provider binding records, found as ``configuration(region:profile:endpoint:)``
  /// finds it.
  func region(configured: String?, profile: String?) -> String? {
    let name =
      profile.flatMap { $0.isEmpty ? nil : $0 } ?? system.variable("AWS_PROFILE")
      ?? system.variable("AWS_DEFAULT_PROFILE") ?? "default"
    return try? region(configured, profile: AWSSharedFiles(system: system).profile(name))
  }

  /// The block's region, `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`.
  func region(_ configured: String?, profile settings: [String: String]) throws(AWSError) -> String {
    if let configured, !configured.isEmpty { return configured }
    if let region = system.variable("AWS_REGION") ?? system.variable("AWS_DEFAULT_REGION") { return region }
    if let region = settings["region"], !region.isEmpty { return region }
    throw .configuration(.missingRegion)
  }
}
