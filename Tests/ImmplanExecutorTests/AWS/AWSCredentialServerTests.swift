import Foundation
import Testing

@testable import ImmplanExecutor

/// The credential sources that talk to something moto does not offer: the ECS container endpoint
/// (a loopback stub, ``FaultInjectingServer``), a `credential_process` script, and the instance
/// metadata service's v2/v1 handshake checked header by header on the stub.
@Suite(.serialized) struct AWSCredentialServerTests {
  typealias Support = CredentialTestSupport

  static func containerAnswer(_ key: String, expiration: String = "2026-01-01T06:00:00Z") -> String {
    #"{"AccessKeyId":"\#(key)","SecretAccessKey":"secret-of-\#(key)","Token":"token-of-\#(key)","Expiration":"\#(expiration)","RoleArn":"arn:aws:iam::1:role/task"}"#
  }

  /// The value of header `name` in a raw request, or nil.
  static func header(_ name: String, in raw: String) -> String? {
    for line in raw.split(separator: "\r\n") where line.lowercased().hasPrefix(name.lowercased() + ":") {
      return line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
    }
    return nil
  }

  // MARK: - Container

  @Test func containerCredentialsSendTheTokenFileReadAgainAtEachRefresh() async throws {
    let expected = FileMap(["token": "first-token"])
    let server = try FaultInjectingServer(script: [
      .decide { raw in
        guard raw.hasPrefix("GET /v1/credentials?id=task-1 HTTP/1.1"),
          Self.header("Authorization", in: raw) == expected["token"],
          Self.header("Accept", in: raw) == "application/json"
        else { return .respond(status: 401, body: #"{"message":"bad token"}"#) }
        return .respond(
          status: 200, headers: ["Content-Type": "application/json"],
          body: Self.containerAnswer(expected["token"] == "first-token" ? "ASIAFIRST" : "ASIASECOND"))
      }
    ])
    defer { server.stop() }
    let clock = TestClock()
    let files = FileMap(["/var/run/token": "first-token\n"])
    let system = Support.system(
      [
        "AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(server.endpoint)/v1/credentials?id=task-1",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": "/var/run/token",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN": "ignored-when-the-file-is-set",
      ], files: files, transport: URLSessionTransport(), clock: clock)
    let provider = try AWSSessionResolver(system: system).configuration(
      region: "us-east-1", profile: nil, endpoint: nil
    ).credentialProvider
    let first = try await provider.credentials()
    #expect(first.accessKeyID == "ASIAFIRST")
    #expect(first.sessionToken == "token-of-ASIAFIRST")

    // The token rotates; the next refresh (inside the mandatory window) sends the new one.
    files["/var/run/token"] = "second-token"
    expected["token"] = "second-token"
    clock.advance(by: 5 * 3600 + 55 * 60)
    #expect(try await provider.credentials().accessKeyID == "ASIASECOND")
    #expect(server.requestCount == 2)
  }

  @Test func containerTokenFromTheVariableAndRefusedHosts() async throws {
    let server = try FaultInjectingServer(script: [
      .decide { raw in
        Self.header("Authorization", in: raw) == "variable-token"
          ? .respond(status: 200, body: Self.containerAnswer("ASIAVAR"))
          : .respond(status: 403, body: "forbidden")
      }
    ])
    defer { server.stop() }
    let system = Support.system(
      [
        "AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(server.endpoint)/creds",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN": "variable-token",
      ], transport: URLSessionTransport())
    let provider = try AWSSessionResolver(system: system).configuration(
      region: "us-east-1", profile: nil, endpoint: nil
    ).credentialProvider
    #expect(try await provider.credentials().accessKeyID == "ASIAVAR")

    #expect(ContainerCredentialsClient.isAllowed("https://creds.example.com/x"))
    #expect(ContainerCredentialsClient.isAllowed("http://127.0.0.2:80/x"))
    #expect(ContainerCredentialsClient.isAllowed("http://[::1]:80/x"))
    #expect(ContainerCredentialsClient.isAllowed("http://169.254.170.23/v1/credentials"))
    #expect(ContainerCredentialsClient.isAllowed("http://[fd00:ec2::23]/v1/credentials"))
    #expect(!ContainerCredentialsClient.isAllowed("http://evil.example.com/x"))
    #expect(!ContainerCredentialsClient.isAllowed("http://10.0.0.1/x"))
    #expect(throws: AWSError.self) {
      try Support.select(Support.system(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://10.0.0.1/creds"]))
    }
  }

  // MARK: - credential_process

  @Test func aCredentialProcessScriptSuppliesCredentials() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("immplan-process-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let script = directory.appendingPathComponent("credentials helper.sh")
    try """
    #!/bin/sh
    case "$1" in
      static) printf '{"Version": 1, "AccessKeyId": "AKIAPROCESS", "SecretAccessKey": "process-secret"}' ;;
      session) printf '{"Version":1,"AccessKeyId":"ASIAPROCESS","SecretAccessKey":"s","SessionToken":"t","Expiration":"2099-01-01T00:00:00.5Z","AccountId":"'"$MY_ACCOUNT"'"}' ;;
      v2) echo '{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "leaked-secret"}' ;;
      junk) echo 'AccessKeyId=A SecretAccessKey=leaked-secret' ;;
      fail) echo "not logged in: run sso login" >&2; exit 3 ;;
    esac
    """.write(to: script, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)

    func provider(_ argument: String) throws -> any AWSCredentialProvider {
      let config = "[default]\ncredential_process = \"\(script.path)\" \(argument)\n"
      var system = Support.system(["MY_ACCOUNT": "123456789012"], files: FileMap(["/home/u/.aws/config": config]))
      system.runProcess = { await CredentialProcessRunner.run($0) }
      return try AWSSessionResolver(system: system).configuration(region: "us-east-1", profile: nil, endpoint: nil)
        .credentialProvider
    }
    let fixed = try await provider("static").credentials()
    #expect(fixed == AWSCredentials(accessKeyID: "AKIAPROCESS", secretAccessKey: "process-secret"))
    let session = try await provider("session").credentials()
    #expect(session.sessionToken == "t")
    #expect(session.expiration == AWSTimestampParser.parse("2099-01-01T00:00:00.5Z"))

    for (argument, expected) in [
      ("v2", "its output has no `\"Version\": 1`"),
      ("junk", "its output is not a JSON object"),
      ("fail", "the command exited with status 3: not logged in: run sso login"),
    ] {
      do {
        _ = try await provider(argument).credentials()
        Issue.record("\(argument) must fail")
      } catch {
        let text = "\(error)"
        #expect(text.contains(expected), "\(text)")
        #expect(!text.contains("leaked-secret"))
        #expect(text.hasPrefix("cannot get AWS credentials from `credential_process` of profile `default`"))
      }
    }
  }

  @Test func aCredentialProcessThatHangsIsStoppedAtItsTimeout() async {
    let started = Date()
    let outcome = await CredentialProcessRunner.run(
      ProcessRequest(command: "sleep 3; echo late", environment: [:], timeout: 0.3))
    #expect(outcome.failure == "the command did not finish within 0.3 seconds")
    #expect(Date().timeIntervalSince(started) < 5)
    // Output that arrives in pieces, and a lot of it on the other stream, is all collected.
    let chatty = await CredentialProcessRunner.run(
      ProcessRequest(
        command: "head -c 200000 /dev/zero >&2; printf a; sleep 0.1; printf b", environment: [:], timeout: 10))
    #expect(chatty.status == 0)
    #expect(chatty.stdout == Array("ab".utf8))
    #expect(chatty.stderr.count == 200_000)
  }

  // MARK: - Instance metadata

  @Test func imdsVersion2SendsItsTokenAndVersion1IsTheFallback() async throws {
    let answer =
      #"{"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"ASIAIMDS","SecretAccessKey":"imds-secret","Token":"imds-token","Expiration":"2026-01-01T06:00:00Z"}"#
    let v2 = try FaultInjectingServer(script: [
      .respond(status: 200, body: "imds-session-token"), .respond(status: 200, body: "web-role\n"),
      .respond(status: 200, body: answer),
    ])
    defer { v2.stop() }
    let system = Support.system(
      ["AWS_EC2_METADATA_SERVICE_ENDPOINT": v2.endpoint + "/"], transport: URLSessionTransport())
    let credentials = try await AWSSessionResolver(system: system).configuration(
      region: "us-east-1", profile: nil, endpoint: nil
    ).credentialProvider.credentials()
    #expect(credentials.accessKeyID == "ASIAIMDS")
    #expect(credentials.sessionToken == "imds-token")
    let requests = v2.receivedRequests
    #expect(requests.count == 3)
    #expect(requests[0].hasPrefix("PUT /latest/api/token HTTP/1.1"))
    #expect(Self.header("X-aws-ec2-metadata-token-ttl-seconds", in: requests[0]) == "21600")
    #expect(requests[1].hasPrefix("GET /latest/meta-data/iam/security-credentials/ HTTP/1.1"))
    #expect(requests[2].hasPrefix("GET /latest/meta-data/iam/security-credentials/web-role HTTP/1.1"))
    #expect(Self.header("X-aws-ec2-metadata-token", in: requests[1]) == "imds-session-token")
    #expect(Self.header("X-aws-ec2-metadata-token", in: requests[2]) == "imds-session-token")

    // No IMDSv2 (403 to the token request): IMDSv1 without a token, unless disabled.
    let v1 = try FaultInjectingServer(script: [
      .respond(status: 403, body: ""), .respond(status: 200, body: "web-role"), .respond(status: 200, body: answer),
      .respond(status: 403, body: ""),
    ])
    defer { v1.stop() }
    let old = Support.system(["AWS_EC2_METADATA_SERVICE_ENDPOINT": v1.endpoint], transport: URLSessionTransport())
    _ = try await AWSSessionResolver(system: old).configuration(region: "us-east-1", profile: nil, endpoint: nil)
      .credentialProvider.credentials()
    #expect(Self.header("X-aws-ec2-metadata-token", in: v1.receivedRequests[1]) == nil)
    let strict = Support.system(
      ["AWS_EC2_METADATA_SERVICE_ENDPOINT": v1.endpoint, "AWS_EC2_METADATA_V1_DISABLED": "true"],
      transport: URLSessionTransport())
    do {
      _ = try await AWSSessionResolver(system: strict).configuration(region: "us-east-1", profile: nil, endpoint: nil)
        .credentialProvider.credentials()
      Issue.record("IMDSv1 is disabled")
    } catch {
      #expect(error.description.contains("no IMDSv2 token was issued and IMDSv1 is disabled"), "\(error)")
    }
  }

  @Test func imdsWithoutARoleSaysSo() async throws {
    let server = try FaultInjectingServer(script: [
      .respond(status: 200, body: "t"), .respond(status: 404, body: "<html>Not Found</html>"),
    ])
    defer { server.stop() }
    let system = Support.system(
      ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.endpoint, "AWS_EC2_METADATA_DISABLED": "false"],
      transport: URLSessionTransport())
    do {
      _ = try await AWSSessionResolver(system: system).configuration(region: "us-east-1", profile: nil, endpoint: nil)
        .credentialProvider.credentials()
      Issue.record("expected no credentials")
    } catch {
      #expect(error.description.hasPrefix("no AWS credentials found; tried, in order:"))
      #expect(error.description.contains("8. EC2 instance metadata at \(server.endpoint): unexpected HTTP 404"))
    }
  }
}
