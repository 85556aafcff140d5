import Foundation
import Testing

@testable import ImmplanExecutor

/// Temporary credentials are fetched again before they expire (botocore's advisory and mandatory
/// windows), once for all concurrent callers, with the web identity token read afresh each time.
/// The clock is injected; STS is an in-memory fake.
@Suite struct AWSCredentialRefreshTests {
  typealias Support = CredentialTestSupport

  /// Counts fetches; each returns credentials valid for an hour from the clock's now, or fails
  /// while `failing` is set.
  final class Source: @unchecked Sendable {
    // @unchecked: `count` and `failing` are only touched while holding `lock`.
    private let lock = NSLock()
    private var count = 0
    private var failing = false
    let clock: TestClock

    init(clock: TestClock) { self.clock = clock }

    var fetches: Int { lock.withLock { count } }
    func fail(_ value: Bool) { lock.withLock { failing = value } }

    func fetch() throws(AWSError) -> AWSCredentials {
      let (number, fails) = lock.withLock { () -> (Int, Bool) in
        count += 1
        return (count, failing)
      }
      if fails { throw .service(code: "Throttling", message: "Rate exceeded", statusCode: 400, requestID: nil) }
      return AWSCredentials(
        accessKeyID: "ASIA\(number)", secretAccessKey: "secret-\(number)", sessionToken: "token-\(number)",
        expiration: clock.now + 3600)
    }
  }

  func refreshing(_ source: Source) -> RefreshingCredentials {
    RefreshingCredentials(source: "test role", now: { source.clock.now }) { () async throws(AWSError) in
      try source.fetch()
    }
  }

  @Test func credentialsAreFetchedLazilyAndRefreshedInsideTheAdvisoryWindow() async throws {
    let clock = TestClock()
    let source = Source(clock: clock)
    let credentials = refreshing(source)
    #expect(source.fetches == 0, "nothing is fetched before the first request")
    #expect(try await credentials.credentials().accessKeyID == "ASIA1")
    clock.advance(by: 44 * 60)  // 16 minutes left
    #expect(try await credentials.credentials().accessKeyID == "ASIA1")
    #expect(source.fetches == 1)
    clock.advance(by: 2 * 60)  // 14 minutes left: advisory
    #expect(try await credentials.credentials().accessKeyID == "ASIA2")
    #expect(source.fetches == 2)
  }

  @Test func aFailedAdvisoryRefreshKeepsTheOldCredentialsAMandatoryOneFails() async throws {
    let clock = TestClock()
    let source = Source(clock: clock)
    let credentials = refreshing(source)
    _ = try await credentials.credentials()
    source.fail(true)
    clock.advance(by: 46 * 60)  // advisory
    #expect(try await credentials.credentials().accessKeyID == "ASIA1")
    #expect(source.fetches == 2)
    // Not retried at every request: at most once a minute inside the advisory window.
    clock.advance(by: 30)
    #expect(try await credentials.credentials().accessKeyID == "ASIA1")
    #expect(source.fetches == 2)
    clock.advance(by: 5 * 60)  // 8.5 minutes left: mandatory
    await #expect(
      throws: AWSError.credentials(
        source: "test role",
        reason: .service(code: "Throttling", message: "Rate exceeded", statusCode: 400, requestID: nil))
    ) { try await credentials.credentials() }
    source.fail(false)
    #expect(try await credentials.credentials().accessKeyID == "ASIA4")
  }

  @Test func concurrentCallersShareOneRefresh() async throws {
    let clock = TestClock()
    let source = Source(clock: clock)
    let credentials = refreshing(source)
    let keys = try await withThrowingTaskGroup(of: String.self) { group in
      for _ in 0..<20 { group.addTask { try await credentials.credentials().accessKeyID } }
      return try await group.reduce(into: Set<String>()) { $0.insert($1) }
    }
    #expect(keys == ["ASIA1"])
    #expect(source.fetches == 1)
  }

  @Test func credentialsThatArriveExpiredAreAnError() async {
    let clock = TestClock()
    let stale = RefreshingCredentials(source: "stale source", now: { clock.now }) { () async throws(AWSError) in
      AWSCredentials(accessKeyID: "ASIAOLD", secretAccessKey: "s", sessionToken: "t", expiration: clock.now - 1)
    }
    await #expect(
      throws: AWSError.configuration(.expiredCredentials(source: "stale source", at: "2025-12-31T23:59:59Z"))
    ) { try await stale.credentials() }
  }

  /// Web identity: unsigned STS calls, the token file read again at every refresh.
  @Test func aWebIdentityRefreshReadsTheTokenFileAgain() async throws {
    let clock = TestClock()
    let files = FileMap(["/run/token": "first-jwt\n"])
    let sts = ScriptedTransport { request throws(AWSError) in
      let fields = CredentialTestSupport.form(request)
      let key = "ASIA" + (fields["WebIdentityToken"] ?? "none").uppercased().replacingOccurrences(of: "-", with: "")
      return ScriptedTransport.ok(
        Support.stsAnswer("AssumeRoleWithWebIdentity", key: key, expiration: clock.now + 3600, fraction: ".690551"))
    }
    let system = Support.system(
      [
        "AWS_WEB_IDENTITY_TOKEN_FILE": "/run/token", "AWS_ROLE_ARN": "arn:aws:iam::111111111111:role/deployer",
        "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:7/",
      ], files: files, transport: sts, clock: clock)
    let provider = try AWSSessionResolver(system: system).configuration(
      region: "us-east-1", profile: nil, endpoint: nil
    ).credentialProvider
    let first = try await provider.credentials()
    #expect(first.accessKeyID == "ASIAFIRSTJWT")
    #expect(first.sessionToken == "session-token-of-ASIAFIRSTJWT")
    #expect(first.expiration.map { abs($0.timeIntervalSince(clock.now + 3600.690551)) < 0.001 } == true)

    files["/run/token"] = "second-jwt"
    clock.advance(by: 55 * 60)  // 5 minutes left
    #expect(try await provider.credentials().accessKeyID == "ASIASECONDJWT")

    let requests = sts.requests
    #expect(requests.count == 2)
    for request in requests {
      #expect(request.endpoint.description == "http://127.0.0.1:7")
      #expect(request.header("Authorization") == nil, "AssumeRoleWithWebIdentity is sent unsigned")
      #expect(request.header("X-Amz-Security-Token") == nil)
      let fields = CredentialTestSupport.form(request)
      #expect(fields["Action"] == "AssumeRoleWithWebIdentity")
      #expect(fields["Version"] == "2011-06-15")
      #expect(fields["RoleArn"] == "arn:aws:iam::111111111111:role/deployer")
      #expect(fields["RoleSessionName"]?.hasPrefix("immplan-") == true)
    }
    #expect(CredentialTestSupport.form(requests[0])["WebIdentityToken"] == "first-jwt")
    #expect(CredentialTestSupport.form(requests[1])["WebIdentityToken"] == "second-jwt")
  }

  /// A role assumed with refreshing source credentials signs each AssumeRole with the source's
  /// current ones, and its own session token then signs the service calls.
  @Test func anAssumedRoleIsSignedWithItsSourceAndSignsWithItsSessionToken() async throws {
    let clock = TestClock()
    let network = ScriptedTransport { request throws(AWSError) in
      if CredentialTestSupport.form(request)["Action"] == "AssumeRole" {
        return ScriptedTransport.ok(Support.stsAnswer("AssumeRole", key: "ASIAROLE", expiration: clock.now + 900))
      }
      return ScriptedTransport.ok("<DescribeInstancesResponse><reservationSet/></DescribeInstancesResponse>")
    }
    let config = """
      [profile deploy]
      role_arn = arn:aws:iam::222222222222:role/deploy
      source_profile = base
      external_id = ext-1
      duration_seconds = 900
      [profile base]
      aws_access_key_id = AKIABASE
      aws_secret_access_key = base-secret
      """
    let system = Support.system(
      ["AWS_ENDPOINT_URL": "http://127.0.0.1:7"], files: FileMap(["/home/u/.aws/config": config]),
      transport: network, clock: clock)
    let configuration = try AWSSessionResolver(system: system).configuration(
      region: "eu-west-1", profile: "deploy", endpoint: nil)
    _ = try await EC2Client(configuration: configuration).describeInstances()
    let requests = network.requests
    #expect(requests.count == 2)
    let assume = CredentialTestSupport.form(requests[0])
    #expect(assume["ExternalId"] == "ext-1")
    #expect(assume["DurationSeconds"] == "900")
    #expect(requests[0].header("Authorization")?.contains("Credential=AKIABASE/") == true)
    #expect(requests[0].header("Authorization")?.contains("/eu-west-1/sts/aws4_request") == true)
    #expect(requests[1].header("Authorization")?.contains("Credential=ASIAROLE/") == true)
    #expect(requests[1].header("X-Amz-Security-Token") == "session-token-of-ASIAROLE")
    #expect(requests[1].header("Authorization")?.contains("x-amz-security-token") == true, "the token is signed")
  }
}
