import ImmplanParser

/// Diagnostics of the aws provider and the S3 state backend: E21xx.
extension Diagnostic {
  /// E2100–E2105: the AWS provider or the S3 backend cannot be set up. `range` is the `provider "aws"`
  /// or `state "s3"` block when the CLI knows it.
  public static func awsConfiguration(_ problem: AWSConfigurationProblem, at range: SourceRange?) -> Diagnostic {
    switch problem {
    case .missingRegion:
      return .error(
        DiagnosticCode("E2100"), "no AWS region is configured", at: range,
        help: "set `region` in the block, or export `AWS_REGION=us-east-1`")
    case .invalidRegion(let region):
      return .error(
        DiagnosticCode("E2101"), "invalid AWS region `\(region)`", at: range,
        help: "regions look like `eu-west-1`")
    case .missingCredentials(let file, let profile):
      return .error(
        DiagnosticCode("E2102"), "no AWS credentials found", at: range,
        notes: ["looked at `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` and the [\(profile)] profile of \(file)"],
        help: "export `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, or set `profile` to a profile of \(file)")
    case .profileNotFound(let profile, let file):
      return .error(
        DiagnosticCode("E2103"), "AWS profile `\(profile)` not found in \(file)", at: range,
        help: "add a [\(profile)] section to \(file), or set `profile` (or `AWS_PROFILE`) to an existing one")
    case .incompleteProfile(let profile, let file):
      return .error(
        DiagnosticCode("E2104"), "AWS profile `\(profile)` in \(file) has no complete access key", at: range,
        help: "the profile needs both `aws_access_key_id` and `aws_secret_access_key`")
    case .invalidEndpoint(let endpoint):
      return .error(
        DiagnosticCode("E2105"), "invalid AWS endpoint `\(endpoint)`", at: range,
        help: "use an http:// or https:// URL such as `http://127.0.0.1:5000`")
    }
  }
}
