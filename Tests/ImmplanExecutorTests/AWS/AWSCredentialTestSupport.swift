import Foundation
import Testing

@testable import ImmplanExecutor

/// Injected outside world for the credential tests: variables, files, an in-memory network and a
/// clock the test moves. Nothing reads the real `~/.aws` or reaches beyond this process (or
/// loopback, where a test starts its own server).
enum CredentialTestSupport {
  /// 2026-01-01T00:00:00Z.
  static let start = Date(timeIntervalSince1970: 1_767_225_600)

  /// A system whose files are `files`, whose HTTP goes to `transport` (by default one that fails
  /// the test when used) and whose clock is `clock`.
  static func system(
    _ environment: [String: String], files: FileMap = FileMap(), transport: (any AWSHTTPTransport)? = nil,
    clock: TestClock = TestClock(), runProcess: (@Sendable (ProcessRequest) async -> ProcessOutcome)? = nil
  ) -> AWSSystem {
    var variables = ["HOME": "/home/u"]
    variables.merge(environment) { _, new in new }
    var system = AWSSystem(
      environment: variables, readFile: { files[$0] }, transport: transport ?? NoNetwork(),
      runProcess: runProcess ?? { _ in ProcessOutcome(failure: "this test runs no processes") },
      now: { clock.now }, sleep: { _ in }, sources: AWSCredentialSources())
    system.retryPolicy = AWSRetryPolicy(maximumAttempts: 3, baseDelay: 0, maximumDelay: 0, jitter: { _ in 0 })
    system.timeout = 5
    return system
  }

  /// Runs the chain of `system` for the block's `profile` and `region`.
  static func select(_ system: AWSSystem, profile: String? = nil, region: String = "eu-west-1") throws(AWSError)
    -> AWSCredentialSelection
  {
    let files = AWSSharedFiles(system: system)
    let name = profile ?? system.variable("AWS_PROFILE") ?? system.variable("AWS_DEFAULT_PROFILE") ?? "default"
    return try AWSCredentialChain(
      system: system, files: files, profile: name, isProfileExplicit: profile != nil, region: region,
      endpoints: AWSEndpoints(configured: nil, environment: system.environment)
    ).select()
  }

  /// An STS answer with credentials expiring at `expiration`.
  static func stsAnswer(_ action: String, key: String, expiration: Date, fraction: String = "") -> String {
    let stamp = AWSTimestampParser.format(expiration).dropLast() + fraction + "Z"
    return """
      <\(action)Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><\(action)Result>\
      <AssumedRoleUser><Arn>arn:aws:sts::111111111111:assumed-role/deployer/s</Arn></AssumedRoleUser>\
      <Credentials><SessionToken>session-token-of-\(key)</SessionToken><SecretAccessKey>secret-of-\(key)</SecretAccessKey>\
      <Expiration>\(stamp)</Expiration><AccessKeyId>\(key)</AccessKeyId></Credentials>\
      </\(action)Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></\(action)Response>
      """
  }

  /// The form fields of a Query request's body, decoded.
  static func form(_ request: AWSHTTPRequest) -> [String: String] {
    var fields: [String: String] = [:]
    for pair in String(decoding: request.body, as: UTF8.self).split(separator: "&") {
      let parts = pair.split(separator: "=", maxSplits: 1).map {
        String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
      }
      fields[parts[0]] = parts.count > 1 ? parts[1] : ""
    }
    return fields
  }
}

/// A clock the test sets.
///
/// `@unchecked Sendable`: `current` is only touched while holding `lock`.
final class TestClock: @unchecked Sendable {
  private let lock = NSLock()
  private var current: Date

  init(_ start: Date = CredentialTestSupport.start) { current = start }

  var now: Date { lock.withLock { current } }

  func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// Files by path, changeable while a test runs (a token file replaced before a refresh).
///
/// `@unchecked Sendable`: `files` is only touched while holding `lock`.
final class FileMap: @unchecked Sendable {
  private let lock = NSLock()
  private var files: [String: String]

  init(_ files: [String: String] = [:]) { self.files = files }

  subscript(path: String) -> String? {
    get { lock.withLock { files[path] } }
    set { lock.withLock { files[path] = newValue } }
  }
}

/// A network that answers from a closure and remembers every request.
///
/// `@unchecked Sendable`: `received` is only touched while holding `lock`; `answer` is immutable.
final class ScriptedTransport: AWSHTTPTransport, @unchecked Sendable {
  private let lock = NSLock()
  private var received: [AWSHTTPRequest] = []
  private let answer: @Sendable (AWSHTTPRequest) throws(AWSError) -> AWSHTTPResponse

  init(_ answer: @escaping @Sendable (AWSHTTPRequest) throws(AWSError) -> AWSHTTPResponse) { self.answer = answer }

  var requests: [AWSHTTPRequest] { lock.withLock { received } }

  func send(_ request: AWSHTTPRequest, timeout: Double) async throws(AWSError) -> AWSHTTPResponse {
    lock.withLock { received.append(request) }
    return try answer(request)
  }

  static func ok(_ body: String) -> AWSHTTPResponse {
    AWSHTTPResponse(statusCode: 200, headers: [:], body: Array(body.utf8))
  }
}

/// The network of a test that must not use it: any request fails the test.
struct NoNetwork: AWSHTTPTransport {
  func send(_ request: AWSHTTPRequest, timeout: Double) async throws(AWSError) -> AWSHTTPResponse {
    Issue.record("unexpected request to \(request.endpoint)\(request.path)")
    throw .transport(reason: "this test has no network")
  }
}
