import Foundation

/// Credentials of the EC2 instance's role from the instance metadata service (botocore's
/// `InstanceMetadataFetcher`):
///
/// 1. `PUT /latest/api/token` with `X-aws-ec2-metadata-token-ttl-seconds: 21600` → an IMDSv2 token.
///    403, 404 or 405 (IMDSv2 not offered) and a timeout (the answer may be dropped by a hop limit
///    of 1 inside containers) fall back to IMDSv1 — no token — unless IMDSv1 is disabled; a
///    connection that cannot be made at all means there is no metadata service here.
/// 2. `GET /latest/meta-data/iam/security-credentials/` → the role's name.
/// 3. `GET /latest/meta-data/iam/security-credentials/<role>` → JSON with `AccessKeyId`,
///    `SecretAccessKey`, `Token`, `Expiration`.
///
/// Every attempt is short (1 s by default), so a run off EC2 finds out quickly.
struct InstanceMetadataClient: Sendable {
  var recipe: AWSCredentialRecipe.InstanceMetadata
  var system: AWSSystem

  static let tokenPath = "/latest/api/token"
  static let credentialsPath = "/latest/meta-data/iam/security-credentials/"
  static let tokenLifetime = "21600"

  func fetch() async throws(AWSError) -> AWSCredentials {
    let source = AWSCredentialRecipe.instanceMetadata(recipe).name
    let token = try await sessionToken()
    if token == nil && recipe.isVersion1Disabled {
      throw .configuration(
        .credentialSource(
          source: source, reason: "no IMDSv2 token was issued and IMDSv1 is disabled (`AWS_EC2_METADATA_V1_DISABLED`)"))
    }
    let roles = String(decoding: try await get(Self.credentialsPath, token: token), as: UTF8.self)
    guard let role = roles.split(whereSeparator: \.isNewline).first.map(String.init), !role.isEmpty else {
      throw .configuration(.credentialSource(source: source, reason: "no IAM role is attached to this instance"))
    }
    let body = try await get(Self.credentialsPath + role, token: token)
    switch CredentialDocument.credentials(body, tokenKey: "Token", requiresToken: true, requiresExpiration: true) {
    case .success(let credentials): return credentials
    case .failure(let problem):
      throw .malformedResponse(operation: "instance metadata credentials", reason: problem.reason)
    }
  }

  /// The IMDSv2 token, or nil to go on with IMDSv1.
  private func sessionToken() async throws(AWSError) -> String? {
    let request = AWSHTTPRequest(
      method: "PUT", endpoint: recipe.endpoint, path: Self.tokenPath,
      headers: [HTTPHeader(name: "X-aws-ec2-metadata-token-ttl-seconds", value: Self.tokenLifetime)])
    for attempt in 1...max(1, recipe.attempts) {
      let response: AWSHTTPResponse
      do {
        response = try await system.transport.send(request, timeout: recipe.timeout)
      } catch {
        switch error {
        case .timedOut: return nil
        case .transport where attempt < recipe.attempts: continue
        default: throw error
        }
      }
      switch response.statusCode {
      case 200:
        let token = String(decoding: response.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return token.isEmpty ? nil : token
      case 403, 404, 405:
        return nil
      case 400:
        throw .unexpectedResponse(statusCode: 400, excerpt: "the token request was refused as malformed")
      default:
        continue
      }
    }
    return nil
  }

  /// A metadata document; 404 means it is not there, other failures are retried up to the bound.
  private func get(_ path: String, token: String?) async throws(AWSError) -> [UInt8] {
    var request = AWSHTTPRequest(method: "GET", endpoint: recipe.endpoint, path: path)
    if let token { request.setHeader("X-aws-ec2-metadata-token", token) }
    var failure = AWSError.transport(reason: "no attempt was made")
    for _ in 1...max(1, recipe.attempts) {
      let response: AWSHTTPResponse
      do {
        response = try await system.transport.send(request, timeout: recipe.timeout)
      } catch {
        if error == .cancelled { throw error }
        failure = error
        continue
      }
      if response.statusCode == 200 && !response.body.isEmpty { return response.body }
      failure = .unexpectedResponse(statusCode: response.statusCode, excerpt: AWSErrorDocument.excerpt(response.body))
      if response.statusCode == 404 { break }
    }
    throw failure
  }
}
