import Foundation

/// The STS calls the credential chain needs, over the Query protocol (API version 2011-06-15), at
/// the regional STS endpoint (or `AWS_ENDPOINT_URL_STS`, the block's `endpoint`, `AWS_ENDPOINT_URL`).
///
/// `AssumeRole` is signed with the source credentials; `AssumeRoleWithWebIdentity` is sent
/// unsigned (no `Authorization`, no session token), as the SDKs do: the token authenticates it.
/// Answers are read by element name (their order is not guaranteed) and never quoted in errors.
struct STSClient: Sendable {
  static let version = "2011-06-15"
  let query: QueryClient

  /// A client that signs with `configuration`'s credentials, or sends unsigned when `signed` is false.
  init(configuration: AWSConfiguration, signed: Bool = true) {
    query = QueryClient(
      client: AWSServiceClient(service: .sts, configuration: configuration, signed: signed), version: Self.version)
  }

  /// Temporary credentials of `roleARN`, signed with the client's credentials.
  func assumeRole(roleARN: String, sessionName: String, externalID: String?, durationSeconds: Int?)
    async throws(AWSError) -> AWSCredentials
  {
    var parameters = QueryParameters()
    parameters.add("RoleArn", roleARN)
    parameters.add("RoleSessionName", sessionName)
    parameters.add("ExternalId", externalID)
    parameters.add("DurationSeconds", durationSeconds)
    let tree = try await query.call("AssumeRole", parameters, answerHoldsSecrets: true)
    return try Self.credentials(in: tree, operation: "AssumeRole")
  }

  /// Temporary credentials of `roleARN` for the OIDC `token` (a JWT); unsigned.
  func assumeRoleWithWebIdentity(roleARN: String, sessionName: String, token: String, durationSeconds: Int?)
    async throws(AWSError) -> AWSCredentials
  {
    var parameters = QueryParameters()
    parameters.add("RoleArn", roleARN)
    parameters.add("RoleSessionName", sessionName)
    parameters.add("WebIdentityToken", token)
    parameters.add("DurationSeconds", durationSeconds)
    let tree = try await query.call("AssumeRoleWithWebIdentity", parameters, answerHoldsSecrets: true)
    return try Self.credentials(in: tree, operation: "AssumeRoleWithWebIdentity")
  }

  /// Who the client's credentials are: account, ARN and user ID.
  func callerIdentity() async throws(AWSError) -> CallerIdentity {
    let tree = try await query.call("GetCallerIdentity")
    guard let account = tree.first(named: "Account")?.text, let arn = tree.first(named: "Arn")?.text else {
      throw .malformedResponse(operation: "GetCallerIdentity", reason: "no Account or Arn in the answer")
    }
    return CallerIdentity(
      account: account.trimmingCharacters(in: .whitespacesAndNewlines),
      arn: arn.trimmingCharacters(in: .whitespacesAndNewlines),
      userID: tree.first(named: "UserId")?.text.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
  }

  /// The `Credentials` element of an AssumeRole* answer.
  static func credentials(in tree: XMLTree, operation: String) throws(AWSError) -> AWSCredentials {
    guard let node = tree.first(named: "Credentials"), let key = node.string("AccessKeyId"), !key.isEmpty,
      let secret = node.string("SecretAccessKey"), !secret.isEmpty, let token = node.string("SessionToken"),
      !token.isEmpty
    else {
      throw .malformedResponse(operation: operation, reason: "no complete Credentials element in the answer")
    }
    guard let text = node.string("Expiration"), let expiration = AWSTimestampParser.parse(text) else {
      throw .malformedResponse(
        operation: operation, reason: "the Expiration of the credentials is not an ISO 8601 time")
    }
    return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: token, expiration: expiration)
  }
}

/// What `GetCallerIdentity` says about a set of credentials.
struct CallerIdentity: Sendable, Hashable {
  var account: String
  var arn: String
  var userID: String
}
