import Foundation

/// Credentials from the ECS/EKS container endpoint (botocore's `ContainerProvider`): `GET` the URL
/// with `Accept: application/json` and, when configured, `Authorization: <token>` — the token
/// file read again at every refresh, since EKS Pod Identity rotates it. The answer is JSON with
/// `AccessKeyId`, `SecretAccessKey`, `Token` and `Expiration`. Two-second attempts, three of them,
/// a second apart.
struct ContainerCredentialsClient: Sendable {
  var recipe: AWSCredentialRecipe.Container
  var system: AWSSystem
  var timeout: Double = 2
  var attempts = 3
  var pause: Double = 1

  /// Link-local hosts ECS and EKS serve credentials on, and `localhost`.
  static let allowedHosts: Set<String> = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23", "localhost"]

  /// Whether a full URI may be used: https anywhere; http only to loopback or an allowed host.
  static func isAllowed(_ url: String) -> Bool {
    guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
      var host = components.host?.lowercased(), !host.isEmpty
    else { return false }
    if scheme == "https" { return true }
    guard scheme == "http" else { return false }
    if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    return allowedHosts.contains(host) || isLoopback(host)
  }

  /// `127.0.0.0/8` or `::1`.
  static func isLoopback(_ host: String) -> Bool {
    if host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
    let octets = host.split(separator: ".", omittingEmptySubsequences: false)
    return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
  }

  func fetch() async throws(AWSError) -> AWSCredentials {
    let source = AWSCredentialRecipe.container(recipe).name
    guard let components = URLComponents(string: recipe.url), let base = Self.endpoint(of: components) else {
      throw .configuration(.credentialSource(source: source, reason: "the URL is not an http(s) URL"))
    }
    var request = AWSHTTPRequest(
      method: "GET", endpoint: base, path: components.path.isEmpty ? "/" : components.path,
      query: (components.queryItems ?? []).map { QueryItem(name: $0.name, value: $0.value ?? "") },
      headers: [HTTPHeader(name: "Accept", value: "application/json")])
    if let token = try authorizationToken(source: source) { request.setHeader("Authorization", token) }
    var failure = AWSError.transport(reason: "no attempt was made")
    for attempt in 1...max(1, attempts) {
      do {
        let response = try await system.transport.send(request, timeout: timeout)
        if response.statusCode == 200 {
          switch CredentialDocument.credentials(
            response.body, tokenKey: "Token", requiresToken: true, requiresExpiration: true)
          {
          case .success(let credentials): return credentials
          case .failure(let problem):
            failure = .malformedResponse(operation: "container credentials", reason: problem.reason)
          }
        } else {
          failure = .unexpectedResponse(
            statusCode: response.statusCode, excerpt: AWSErrorDocument.excerpt(response.body))
        }
      } catch {
        if error == .cancelled { throw error }
        failure = error
      }
      if attempt < attempts {
        do { try await system.sleep(pause) } catch { throw .cancelled }
      }
    }
    throw attempts > 1 ? .retriesExhausted(attempts: attempts, last: failure) : failure
  }

  /// The token for the `Authorization` header: the file's (trimmed), else the variable's.
  private func authorizationToken(source: String) throws(AWSError) -> String? {
    let token: String
    switch recipe.authorization {
    case .none:
      return nil
    case .file(let path):
      guard let text = system.readFile(path) else {
        throw .configuration(
          .credentialSource(
            source: source, reason: "cannot read `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` \(path)"))
      }
      token = text.trimmingCharacters(in: .whitespacesAndNewlines)
    case .variable:
      token = system.variable("AWS_CONTAINER_AUTHORIZATION_TOKEN") ?? ""
    }
    if token.contains("\r") || token.contains("\n") {
      throw .configuration(
        .credentialSource(source: source, reason: "the authorization token holds a line break, which no header may"))
    }
    return token
  }

  private static func endpoint(of components: URLComponents) -> AWSEndpoint? {
    guard let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
      let host = components.host, !host.isEmpty
    else { return nil }
    return AWSEndpoint(scheme: scheme, host: host, port: components.port)
  }
}
