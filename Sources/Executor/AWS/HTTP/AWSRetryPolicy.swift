/// Bounded retries with exponential backoff and full jitter (delay drawn uniformly from
/// `0...min(maximumDelay, baseDelay * 2^retry)`), on throttling, 5xx, timeouts and dropped connections.
struct AWSRetryPolicy: Sendable {
  /// Total attempts, the first one included; 1 disables retries.
  var maximumAttempts: Int = 5
  var baseDelay: Double = 0.2
  var maximumDelay: Double = 10
  /// Draws the jittered delay; injected so tests are deterministic.
  var jitter: @Sendable (ClosedRange<Double>) -> Double = { Double.random(in: $0) }

  /// Error codes AWS uses for throttling and transient trouble, across EC2, Auto Scaling, S3 and STS
  /// (`IDPCommunicationError`: the OIDC provider did not answer STS in time; botocore retries it).
  static let retryableCodes: Set<String> = [
    "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "RequestThrottled",
    "TooManyRequestsException", "RequestLimitExceeded", "BandwidthLimitExceeded", "SlowDown",
    "PriorRequestNotComplete", "EC2ThrottledException", "ProvisionedThroughputExceededException",
    "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "ServiceUnavailable",
    "Unavailable", "IDPCommunicationError",
  ]

  /// Whether another attempt may succeed where this one failed.
  static func isRetryable(_ error: AWSError) -> Bool {
    switch error {
    case .service(let code, _, let status, _):
      return retryableCodes.contains(code) || status >= 500 || status == 429
    case .unexpectedResponse(let status, _):
      return status >= 500 || status == 429
    case .transport, .timedOut:
      return true
    // A credential source has retried on its own already.
    case .malformedResponse, .retriesExhausted, .configuration, .credentials, .cancelled:
      return false
    }
  }

  /// The delay before retry number `retry` (1 for the first retry).
  func delay(beforeRetry retry: Int) -> Double {
    let ceiling = min(maximumDelay, baseDelay * Double(1 << min(retry - 1, 30)))
    return max(0, min(ceiling, jitter(0...ceiling)))
  }
}
