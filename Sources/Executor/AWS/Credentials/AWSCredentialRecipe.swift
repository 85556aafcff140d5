/// How credentials are to be obtained, as the chain selected it from the environment and the
/// shared files: data only, so the chain's order is tested without a network, and identical
/// recipes share one refreshing provider (``AWSCredentialSources``).
///
/// Never printed as a whole (it can hold keys); ``name`` says what it is without secrets.
indirect enum AWSCredentialRecipe: Sendable, Hashable {
  /// Keys as they are, from `source` (`environment variables`, a profile); maybe with an expiry.
  case keys(AWSCredentials, source: String)
  /// STS `AssumeRole`, signed with the credentials of another recipe.
  case assumeRole(AssumeRole)
  /// STS `AssumeRoleWithWebIdentity` with the OIDC token read from a file at every refresh.
  case webIdentity(WebIdentity)
  /// The JSON a `credential_process` command prints.
  case process(command: String, profile: String)
  /// The ECS/EKS container credentials endpoint.
  case container(Container)
  /// The EC2 instance metadata service (IMDSv2, falling back to IMDSv1 unless disabled).
  case instanceMetadata(InstanceMetadata)

  struct AssumeRole: Sendable, Hashable {
    var roleARN: String
    /// nil: `immplan-<epoch seconds>` at each call, as botocore names its sessions.
    var sessionName: String?
    var externalID: String?
    var durationSeconds: Int?
    /// The profile that names the role.
    var profile: String
    var source: AWSCredentialRecipe
    var region: String
    var endpoints: AWSEndpoints
  }

  struct WebIdentity: Sendable, Hashable {
    var roleARN: String
    var tokenFile: String
    var sessionName: String?
    var region: String
    var endpoints: AWSEndpoints
  }

  struct Container: Sendable, Hashable {
    /// `http://169.254.170.2/v2/credentials/…` or the full URI given.
    var url: String
    var authorization: ContainerAuthorization
  }

  /// Where the container endpoint's `Authorization` header comes from.
  enum ContainerAuthorization: Sendable, Hashable {
    case none
    /// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`, read again at every refresh (EKS rotates it).
    case file(String)
    /// `AWS_CONTAINER_AUTHORIZATION_TOKEN`, read from the environment when used.
    case variable
  }

  struct InstanceMetadata: Sendable, Hashable {
    var endpoint: AWSEndpoint
    /// Seconds per attempt (`AWS_METADATA_SERVICE_TIMEOUT`, default 1, so an off-EC2 run does not hang).
    var timeout: Double
    /// Attempts per request (`AWS_METADATA_SERVICE_NUM_ATTEMPTS`, default 1).
    var attempts: Int
    /// `AWS_EC2_METADATA_V1_DISABLED`: no fallback to IMDSv1 when no token is issued.
    var isVersion1Disabled: Bool
  }

  /// What the source is, for messages: where it is, never what it holds.
  var name: String {
    switch self {
    case .keys(_, let source): return source
    case .assumeRole(let role): return "role \(role.roleARN) of profile `\(role.profile)`"
    case .webIdentity(let web): return "web identity (role \(web.roleARN), token file \(web.tokenFile))"
    case .process(_, let profile): return "`credential_process` of profile `\(profile)`"
    case .container(let container): return "container credentials at \(container.url)"
    case .instanceMetadata(let metadata): return "EC2 instance metadata at \(metadata.endpoint)"
    }
  }
}

/// The chain's choice: a recipe, what was tried before it and why it did not apply, and whether
/// it is the last resort (instance metadata, tried only because nothing else applied: if it
/// fails, the error is "no credentials found" with the whole list).
struct AWSCredentialSelection: Sendable, Hashable {
  var recipe: AWSCredentialRecipe
  var tried: [AWSCredentialAttempt]
  var isLastResort = false
}
