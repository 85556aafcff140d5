/// Why the AWS provider or the S3 backend could not be set up: all fixable by the user, so the CLI
/// renders them as diagnostics (``ImmplanParser/Diagnostic/awsConfiguration(_:at:)``).
public enum AWSConfigurationProblem: Sendable, Hashable, CustomStringConvertible {
  /// Neither the block's `region` nor `AWS_REGION`/`AWS_DEFAULT_REGION`.
  case missingRegion
  case invalidRegion(String)
  /// No environment keys and no credentials file at `file`.
  case missingCredentials(file: String, profile: String)
  case profileNotFound(profile: String, file: String)
  /// The profile lacks `aws_access_key_id` or `aws_secret_access_key`.
  case incompleteProfile(profile: String, file: String)
  case invalidEndpoint(String)

  public var description: String {
    switch self {
    case .missingRegion:
      return "no AWS region: set `region` in the provider block or the `AWS_REGION` environment variable"
    case .invalidRegion(let region):
      return "invalid AWS region `\(region)`"
    case .missingCredentials(let file, let profile):
      return
        "no AWS credentials: set `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, or create \(file) with a [\(profile)] profile"
    case .profileNotFound(let profile, let file):
      return "profile `\(profile)` not found in \(file)"
    case .incompleteProfile(let profile, let file):
      return "profile `\(profile)` in \(file) lacks `aws_access_key_id` or `aws_secret_access_key`"
    case .invalidEndpoint(let endpoint):
      return "invalid endpoint `\(endpoint)`: expected an http:// or https:// URL"
    }
  }
}
