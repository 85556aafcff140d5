import Foundation

/// Signs and sends requests to one AWS service, retrying what `AWSRetryPolicy` allows.
///
/// Each attempt asks the credential provider afresh and is signed with the clock's current time,
/// so a long backoff never sends a stale signature nor credentials that were refreshed meanwhile.
/// A client without a credential provider sends unsigned requests (STS
/// `AssumeRoleWithWebIdentity`, which authenticates by its token). Only 2xx answers return;
/// every other answer becomes an `AWSError`. A failure to get credentials is not retried here:
/// the credential source retried already.
struct AWSServiceClient: Sendable {
  var endpoint: AWSEndpoint
  var service: AWSService
  var region: String
  /// nil: requests go unsigned.
  var credentials: (any AWSCredentialProvider)?
  var transport: any AWSHTTPTransport
  var retryPolicy: AWSRetryPolicy
  /// Seconds one attempt may take.
  var timeout: Double
  /// Headers added to every request (moto's `x-moto-account-id` in tests).
  var extraHeaders: [HTTPHeader]
  var clock: @Sendable () -> Date
  var sleep: @Sendable (Double) async throws -> Void

  init(service: AWSService, configuration: AWSConfiguration, signed: Bool = true) {
    endpoint = configuration.endpoint(for: service)
    self.service = service
    region = configuration.region
    credentials = signed ? configuration.credentialProvider : nil
    transport = configuration.transport
    retryPolicy = configuration.retryPolicy
    timeout = configuration.timeout
    extraHeaders = configuration.extraHeaders
    clock = configuration.clock
    sleep = configuration.sleep
  }

  /// The client of the service whose signing name is `service` (`ec2`, `iam`).
  init(service: String, configuration: AWSConfiguration) {
    self.init(service: AWSService.named(service), configuration: configuration)
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
      let outgoing = try await signed(request)
      let failure: AWSError
      do {
        let response = try await transport.send(outgoing, timeout: timeout)
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

  /// `request` signed with the provider's current credentials, or as it is when unsigned.
  private func signed(_ request: AWSHTTPRequest) async throws(AWSError) -> AWSHTTPRequest {
    guard let credentials else { return request }
    let current = try await credentials.credentials()
    return SigV4Signer(credentials: current, region: region, service: service.signingName).sign(request, at: clock())
  }
}
