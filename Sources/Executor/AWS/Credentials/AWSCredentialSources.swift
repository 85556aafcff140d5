import Foundation

/// Builds the provider of a selected recipe, and keeps it: the same selection made again (the aws
/// provider and the S3 state backend of one command, with the same profile, region and endpoints)
/// gets the same provider, so both sign with one set of temporary credentials and refresh it once.
///
/// `@unchecked Sendable`: `providers` is only touched while holding `lock`.
final class AWSCredentialSources: @unchecked Sendable {
  /// The process-wide registry ``AWSSystem/live(environment:)`` uses.
  static let shared = AWSCredentialSources()

  private let lock = NSLock()
  private var providers: [AWSCredentialSelection: any AWSCredentialProvider] = [:]

  init() {}

  /// The provider for `selection`, built with `system` the first time.
  func provider(for selection: AWSCredentialSelection, system: AWSSystem) -> any AWSCredentialProvider {
    lock.withLock {
      if let existing = providers[selection] { return existing }
      let built = Self.build(selection, system: system)
      providers[selection] = built
      return built
    }
  }

  static func build(_ selection: AWSCredentialSelection, system: AWSSystem) -> any AWSCredentialProvider {
    let provider = build(selection.recipe, system: system)
    guard selection.isLastResort, let refreshing = provider as? RefreshingCredentials else { return provider }
    return LastResortCredentials(inner: refreshing, tried: selection.tried)
  }

  /// A provider for `recipe`: fixed keys as they are, everything else fetched on first use and
  /// refreshed before it expires.
  static func build(_ recipe: AWSCredentialRecipe, system: AWSSystem) -> any AWSCredentialProvider {
    let name = recipe.name
    switch recipe {
    case .keys(let value, let source):
      return StaticCredentials(value: value, source: source, now: system.now)
    case .assumeRole(let role):
      let sourceProvider = build(role.source, system: system)
      let sts = STSClient(
        configuration: system.configuration(region: role.region, endpoints: role.endpoints, credentials: sourceProvider)
      )
      let now = system.now
      return RefreshingCredentials(source: name, now: now) { () async throws(AWSError) -> AWSCredentials in
        try await sts.assumeRole(
          roleARN: role.roleARN, sessionName: role.sessionName ?? defaultSessionName(now()),
          externalID: role.externalID, durationSeconds: role.durationSeconds)
      }
    case .webIdentity(let web):
      let sts = STSClient(
        configuration: system.configuration(region: web.region, endpoints: web.endpoints, credentials: nil),
        signed: false)
      let now = system.now
      let readFile = system.readFile
      return RefreshingCredentials(source: name, now: now) { () async throws(AWSError) -> AWSCredentials in
        // Read at every refresh: EKS and CI runners replace the token before it expires.
        guard let text = readFile(web.tokenFile) else {
          throw .configuration(.credentialSource(source: name, reason: "cannot read the token file"))
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
          throw .configuration(.credentialSource(source: name, reason: "the token file is empty"))
        }
        return try await sts.assumeRoleWithWebIdentity(
          roleARN: web.roleARN, sessionName: web.sessionName ?? defaultSessionName(now()), token: token,
          durationSeconds: nil)
      }
    case .process(let command, let profile):
      let process = ProcessCredentials(command: command, profile: profile, system: system)
      return RefreshingCredentials(source: name, now: system.now) { () async throws(AWSError) -> AWSCredentials in
        try await process.fetch()
      }
    case .container(let container):
      let client = ContainerCredentialsClient(recipe: container, system: system)
      return RefreshingCredentials(source: name, now: system.now) { () async throws(AWSError) -> AWSCredentials in
        try await client.fetch()
      }
    case .instanceMetadata(let metadata):
      let client = InstanceMetadataClient(recipe: metadata, system: system)
      return RefreshingCredentials(source: name, now: system.now) { () async throws(AWSError) -> AWSCredentials in
        try await client.fetch()
      }
    }
  }

  /// `immplan-1733606403`: a session name AWS accepts (2–64 characters of `[\w+=,.@-]`) that says
  /// who made the session and when, as botocore's `botocore-session-<epoch>` does.
  static func defaultSessionName(_ now: Date) -> String {
    "immplan-\(Int64(now.timeIntervalSince1970))"
  }
}

/// The instance metadata service tried because nothing else applied: until it has answered once,
/// its failure is "no credentials found" with every source tried, in order, itself last.
struct LastResortCredentials: AWSCredentialProvider {
  var inner: RefreshingCredentials
  var tried: [AWSCredentialAttempt]

  func credentials() async throws(AWSError) -> AWSCredentials {
    do {
      return try await inner.credentials()
    } catch {
      guard await !inner.hasDelivered else { throw error }
      switch error {
      case .cancelled:
        throw error
      case .credentials(_, let reason):
        throw .configuration(.noCredentials(tried: tried + [AWSCredentialAttempt(inner.source, reason.description)]))
      case .configuration(.credentialSource(_, let reason)):
        throw .configuration(.noCredentials(tried: tried + [AWSCredentialAttempt(inner.source, reason)]))
      default:
        throw .configuration(.noCredentials(tried: tried + [AWSCredentialAttempt(inner.source, error.description)]))
      }
    }
  }
}
