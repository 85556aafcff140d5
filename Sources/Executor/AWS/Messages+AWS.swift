import ImmplanParser

/// Diagnostics of the aws provider and the S3 state backend: E21xx.
extension Diagnostic {
  /// E2100–E2108: the AWS provider or the S3 backend cannot be set up. `range` is the `provider "aws"`
  /// or `state "s3"` block when the CLI knows it.
  public static func awsConfiguration(_ problem: AWSConfigurationProblem, at range: SourceRange?) -> Diagnostic {
    switch problem {
    case .missingRegion:
      return .error(
        DiagnosticCode("E2100"), "no AWS region is configured", at: range,
        help: "set `region` in the block, export `AWS_REGION=us-east-1`, or set `region` in the profile")
    case .invalidRegion(let region):
      return .error(
        DiagnosticCode("E2101"), "invalid AWS region `\(region)`", at: range,
        help: "regions look like `eu-west-1`")
    case .noCredentials(let tried):
      return .error(
        DiagnosticCode("E2102"), "no AWS credentials found", at: range,
        notes: ["tried, in order:"] + tried.enumerated().map { "\($0.offset + 1). \($0.element)" },
        help:
          "export `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, set `AWS_ROLE_ARN` and `AWS_WEB_IDENTITY_TOKEN_FILE`,"
          + " or set `profile` to a profile of the shared files")
    case .profileNotFound(let profile, let file):
      return .error(
        DiagnosticCode("E2103"), "AWS profile `\(profile)` not found in \(file)", at: range,
        help: "add a [profile \(profile)] section, or set `profile` (or `AWS_PROFILE`) to an existing one")
    case .incompleteProfile(let profile, let file):
      return .error(
        DiagnosticCode("E2104"), "AWS profile `\(profile)` in \(file) has no complete access key", at: range,
        help: "the profile needs both `aws_access_key_id` and `aws_secret_access_key`")
    case .invalidEndpoint(let endpoint):
      return .error(
        DiagnosticCode("E2105"), "invalid AWS endpoint `\(endpoint)`", at: range,
        help: "use an http:// or https:// URL without a path, such as `http://127.0.0.1:5000`")
    case .invalidProfile(let profile, let reason):
      return .error(DiagnosticCode("E2106"), "AWS profile `\(profile)` cannot be used", at: range, notes: [reason])
    case .expiredCredentials(let source, let at):
      return .error(
        DiagnosticCode("E2107"), "the AWS credentials from \(source) expired at \(at)", at: range,
        help: "fetch new credentials, or use a source immplan can refresh (a role, web identity, instance role)")
    case .credentialSource(let source, let reason):
      return .error(
        DiagnosticCode("E2108"), "cannot get AWS credentials from \(source)", at: range, notes: [reason])
    }
  }
}
