import Foundation

/// Everything the AWS clients share: region, credentials, endpoints, timeouts and retries.
///
/// `credentialProvider` is one shared source: every client built from a configuration asks it
/// before each signature, so temporary credentials refreshed during a long apply reach them all.
public struct AWSConfiguration: Sendable {
  public var region: String
  public var credentialProvider: any AWSCredentialProvider
  /// Where each service's requests go (``AWSEndpoints``).
  public var endpoints: AWSEndpoints
  /// Seconds one HTTP attempt may take.
  public var timeout: Double = 30

  var retryPolicy = AWSRetryPolicy()
  var transport: any AWSHTTPTransport = URLSessionTransport()
  var extraHeaders: [HTTPHeader] = []
  var clock: @Sendable () -> Date = { Date() }
  var sleep: @Sendable (Double) async throws -> Void = { seconds in
    try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
  }

  /// Fixed credentials and one endpoint for every service (an AWS-compatible server such as moto),
  /// or AWS's own endpoints; the environment's endpoint variables are not read.
  public init(region: String, credentials: AWSCredentials, endpointOverride: String? = nil) {
    self.init(
      region: region, credentialProvider: StaticCredentials(value: credentials, source: "the configured credentials"),
      endpoints: AWSEndpoints(configured: endpointOverride))
  }

  public init(region: String, credentialProvider: any AWSCredentialProvider, endpoints: AWSEndpoints) {
    self.region = region
    self.credentialProvider = credentialProvider
    self.endpoints = endpoints
  }

  /// The endpoint for `service`.
  func endpoint(for service: AWSService) -> AWSEndpoint { endpoints.endpoint(for: service, region: region) }

  /// Checks what can be checked before the first request: region shape and endpoint syntax.
  func validate() throws(AWSError) {
    try Self.validate(region: region)
    try endpoints.validate()
  }

  static func validate(region: String) throws(AWSError) {
    if region.isEmpty || !region.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
      throw .configuration(.invalidRegion(region))
    }
  }
}
