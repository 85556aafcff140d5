import Foundation
import Testing

@testable import ImmplanExecutor

/// Tests against moto's standalone server (`IMMPLAN_TEST_AWS_ENDPOINT`, started by
/// `scripts/with-moto`, which `scripts/test` and `scripts/test-aws` use). Each test that talks to
/// moto is gated by `.requiresMoto` (``MotoEndpoint``): skipped, visibly, when moto is not running.
///
/// All moto suites nest here so they run one at a time: the signature test switches moto's global
/// signature checking on and off. Each other test also works in its own moto account
/// (`x-moto-account-id`) so leftovers never leak between tests.
@Suite(.serialized) enum AWSMotoTests {
  /// An Amazon-owned AMI moto ships, to launch builders from.
  static func someAMI(_ ec2: EC2Client) async throws -> String {
    let images = try await ec2.describeImages(owners: ["amazon"])
    return try #require(images.first?.id, "moto should ship Amazon AMIs")
  }

  /// POSTs to moto's own API (`/moto-api/...`), which needs no signature.
  static func motoAPI(_ endpoint: String, _ path: String, body: String = "") async throws {
    let transport = URLSessionTransport()
    let request = AWSHTTPRequest(
      method: "POST", endpoint: try #require(AWSEndpoint(endpoint)), path: path,
      // Not form-encoded: moto's Flask would swallow a form body and see nothing.
      headers: [HTTPHeader(name: "Content-Type", value: "text/plain")], body: Array(body.utf8))
    let response = try await transport.send(request, timeout: 10)
    #expect(response.statusCode == 200, "moto-api \(path): \(String(decoding: response.body, as: UTF8.self))")
  }
}
