/// Why the AWS provider or the S3 backend could not be set up, or could not get credentials: all
/// fixable by the user, so the CLI renders them as diagnostics
/// (``ImmplanParser/Diagnostic/awsConfiguration(_:at:)``).
///
/// No case carries a secret: sources are named by where they are (a variable, a file, a profile,
/// a URL), never by what they hold.
public enum AWSConfigurationProblem: Sendable, Hashable, CustomStringConvertible {
  /// Neither the block's `region`, `AWS_REGION`, `AWS_DEFAULT_REGION` nor the profile's `region`.
  case missingRegion
  case invalidRegion(String)
  /// Every source of the credential chain was tried; `tried` says, in order, why each did not apply.
  case noCredentials(tried: [AWSCredentialAttempt])
  /// A profile named by the block or `AWS_PROFILE` is in neither shared file (`file` names both).
  case profileNotFound(profile: String, file: String)
  /// The profile has one of `aws_access_key_id` and `aws_secret_access_key` but not the other.
  case incompleteProfile(profile: String, file: String)
  case invalidEndpoint(String)
  /// The profile's settings cannot work: a role without a source, a `source_profile` cycle, an
  /// unknown `credential_source`, a setting immplan cannot honour (SSO, MFA).
  case invalidProfile(profile: String, reason: String)
  /// The credentials expired at `at` (ISO 8601) and `source` cannot renew them.
  case expiredCredentials(source: String, at: String)
  /// A source that applies cannot be used: an unreadable token file, a container URL on a host that
  /// is not allowed, a credential process that failed or printed something else than credentials.
  case credentialSource(source: String, reason: String)

  public var description: String {
    switch self {
    case .missingRegion:
      return
        "no AWS region: set `region` in the block, the `AWS_REGION` environment variable, or `region` in the profile"
    case .invalidRegion(let region):
      return "invalid AWS region `\(region)`"
    case .noCredentials(let tried):
      let lines = tried.enumerated().map { "\n  \($0.offset + 1). \($0.element)" }
      return "no AWS credentials found; tried, in order:" + lines.joined()
    case .profileNotFound(let profile, let file):
      return "profile `\(profile)` not found in \(file)"
    case .incompleteProfile(let profile, let file):
      return "profile `\(profile)` in \(file) lacks `aws_access_key_id` or `aws_secret_access_key`"
    case .invalidEndpoint(let endpoint):
      return "invalid endpoint `\(endpoint)`: expected an http:// or https:// URL without a path"
    case .invalidProfile(let profile, let reason):
      return "profile `\(profile)` cannot be used: \(reason)"
    case .expiredCredentials(let source, let at):
      return "the AWS credentials from \(source) expired at \(at)"
    case .credentialSource(let source, let reason):
      return "cannot get AWS credentials from \(source): \(reason)"
    }
  }
}

/// One source of the credential chain and why it gave no credentials, for the "tried, in order"
/// list of ``AWSConfigurationProblem/noCredentials(tried:)``.
public struct AWSCredentialAttempt: Sendable, Hashable, CustomStringConvertible {
  /// `environment variables`, `shared credentials file /home/u/.aws/credentials`, …
  public var source: String
  /// Why it did not apply: `AWS_ACCESS_KEY_ID is not set`.
  public var outcome: String

  public init(_ source: String, _ outcome: String) {
    self.source = source
    self.outcome = outcome
  }

  public var description: String { "\(source): \(outcome)" }
}
