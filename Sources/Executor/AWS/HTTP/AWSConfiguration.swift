import Foundation

/// Everything the AWS clients share: region, credentials, endpoint override, timeouts and retries.
public struct AWSConfiguration: Sendable {
  public var region: String
  public var credentials: AWSCredentials
  /// One endpoint for every service (an AWS-compatible server such as moto), or nil for AWS's own.
  public var endpointOverride: String?
  /// Seconds one HTTP attempt may take.
  public var timeout: Double = 30

  var retryPolicy = AWSRetryPolicy()
  var transport: any AWSHTTPTransport = URLSessionTransport()
  var extraHeaders: [HTTPHeader] = []
  var clock: @Sendable () -> Date = { Date() }
  var sleep: @Sendable (Double) async throws -> Void = { seconds in
    try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
  }

  public init(region: String, credentials: AWSCredentials, endpointOverride: String? = nil) {
    self.region = region
    self.credentials = credentials
    self.endpointOverride = endpointOverride
  }

  /// Whether requests go to a custom endpoint (S3 then uses path-style addressing).
  var hasCustomEndpoint: Bool { endpointOverride != nil }

  /// The endpoint for `service` (`ec2`, `autoscaling`, `s3`).
  func endpoint(for service: String) -> AWSEndpoint {
    if let endpointOverride, let endpoint = AWSEndpoint(endpointOverride) { return endpoint }
    return AWSEndpoint(scheme: "https", host: "\(service).\(region).amazonaws.com", port: nil)
  }

  /// Checks what can be checked before the first request: region shape and endpoint syntax.
  func validate() throws(AWSError) {
    if region.isEmpty || !region.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) {
      throw .configuration(.invalidRegion(region))
    }
    if let endpointOverride, AWSEndpoint(endpointOverride) == nil {
      throw .configuration(.invalidEndpoint(endpointOverride))
    }
  }
}
