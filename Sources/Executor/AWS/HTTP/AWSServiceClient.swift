import Foundation

/// Signs and sends requests to one AWS service, retrying what `AWSRetryPolicy` allows.
///
/// Each attempt is signed afresh with the clock's current time, so a long backoff never sends a stale
/// signature. Only 2xx answers return; every other answer becomes an `AWSError`.
struct AWSServiceClient: Sendable {
  var endpoint: AWSEndpoint
  var signer: SigV4Signer
  var transport: any AWSHTTPTransport
  var retryPolicy: AWSRetryPolicy
  /// Seconds one attempt may take.
  var timeout: Double
  /// Headers added to every request (moto's `x-moto-account-id` in tests).
  var extraHeaders: [HTTPHeader]
  var clock: @Sendable () -> Date
  var sleep: @Sendable (Double) async throws -> Void

  init(service: String, configuration: AWSConfiguration) {
    endpoint = configuration.endpoint(for: service)
    signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region, service: service)
    transport = configuration.transport
    retryPolicy = configuration.retryPolicy
    timeout = configuration.timeout
    extraHeaders = configuration.extraHeaders
    clock = configuration.clock
    sleep = configuration.sleep
  }

  /// Sends `request` (path, query, headers and body set; endpoint filled in here) and returns a 2xx answer.
  func perform(_ request: AWSHTTPRequest) async throws(AWSError) -> AWSHTTPResponse {
    var request = request
    request.endpoint = endpoint
    for header in extraHeaders { request.setHeader(header.name, header.value) }
    var attempt = 0
    while true {
      attempt += 1
      if Task.isCancelled { throw .cancelled }
      let failure: AWSError
      do {
        let response = try await transport.send(signer.sign(request, at: clock()), timeout: timeout)
        if (200..<300).contains(response.statusCode) { return response }
        failure = AWSErrorDocument.failure(for: response)
      } catch {
        failure = error
      }
      guard AWSRetryPolicy.isRetryable(failure) else { throw failure }
      guard attempt < retryPolicy.maximumAttempts else {
        throw attempt > 1 ? .retriesExhausted(attempts: attempt, last: failure) : failure
      }
      do {
        try await sleep(retryPolicy.delay(beforeRetry: attempt))
      } catch {
        throw .cancelled
      }
    }
  }
}
