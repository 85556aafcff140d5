import Foundation
import Testing

@testable import ImmplanExecutor

/// Shared set-up for the AWS tests: configurations for the fake server and for moto.
enum AWSTestConfiguration {
  static let fakeCredentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "fake-secret-for-tests")

  /// A configuration pointing at `endpoint`, with quick, deterministic retries.
  static func configuration(
    endpoint: String, attempts: Int = 3, timeout: Double = 5, credentials: AWSCredentials = fakeCredentials
  ) -> AWSConfiguration {
    var configuration = AWSConfiguration(region: "us-east-1", credentials: credentials, endpointOverride: endpoint)
    configuration.retryPolicy = AWSRetryPolicy(
      maximumAttempts: attempts, baseDelay: 0.01, maximumDelay: 0.05, jitter: { $0.upperBound })
    configuration.timeout = timeout
    return configuration
  }

  /// A moto configuration isolated in its own account (moto keeps one state per `x-moto-account-id`),
  /// so tests do not see each other's resources.
  static func moto(endpoint: String, account: String = randomAccount()) -> AWSConfiguration {
    var configuration = configuration(endpoint: endpoint, attempts: 2, timeout: 30)
    configuration.extraHeaders = [HTTPHeader(name: "x-moto-account-id", value: account)]
    return configuration
  }

  /// A 12-digit account ID unlikely to collide across tests.
  static func randomAccount() -> String {
    String(UInt64.random(in: 100_000_000_000...999_999_999_999))
  }
}
