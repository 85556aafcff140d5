import Foundation
import ImmplanParser
import TestSupport
import Testing

@testable import ImmplanExecutor

#if canImport(Glibc)
  import Glibc
#endif

/// immplan's EC2 and Auto Scaling calls against a moto of their own that checks every signature,
/// session token and IAM policy (`scripts/moto-server start --auth-after 5`): moto recomputes each
/// signature from the form it parsed, re-encoded as botocore encodes it, so a body spelt any other
/// way fails — as `RunInstances` with the builder's `Name` tag (which has a space) did.
///
/// The first five calls are unchecked and create an IAM user with an access key and a role, both
/// allowed everything; after that the real key must pass and a wrong secret must fail with AWS's
/// code verbatim. The server is this suite's alone, so nothing else is refused meanwhile.
@Suite(.serialized) struct AWSMotoAuthTests {
  static let allowAll = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
  static let trustAnyone =
    #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}"#

  /// A moto server started for this suite with signature checks after `authAfter` calls.
  final class PrivateMoto: Sendable {
    let endpoint: String
    let stateFile: String

    static var script: String {
      URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/moto-server").path
    }

    init(authAfter: Int) async throws {
      stateFile = FileManager.default.temporaryDirectory.appendingPathComponent("immplan-moto-auth-\(UUID()).env").path
      let stateFile = stateFile
      let status = try await Self.run(["start", "--auth-after", String(authAfter), stateFile])
      #expect(status == 0, "scripts/moto-server start failed")
      let text = try String(contentsOfFile: stateFile, encoding: .utf8)
      endpoint = try #require(
        text.split(separator: "\n").first { $0.hasPrefix("IMMPLAN_TEST_AWS_ENDPOINT=") }
          .map { String($0.dropFirst("IMMPLAN_TEST_AWS_ENDPOINT=".count)) })
    }

    /// Stops the server by the PID its state file records, and removes its log.
    func stop() async {
      _ = try? await Self.run(["stop", stateFile])
      try? FileManager.default.removeItem(atPath: String(stateFile.dropLast(".env".count)) + ".log")
    }

    /// Runs the script and waits for it. Not with Foundation's `Process`: it learns that a child
    /// ended when a socket the child inherits closes, and the moto the script leaves running would
    /// inherit it too. The server inherits no descriptor of this process but standard error.
    private static func run(_ arguments: [String]) async throws -> Int32 {
      await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: spawnAndWait(script, arguments)) }.start()
      }
    }

    private static func spawnAndWait(_ path: String, _ arguments: [String]) -> Int32 {
      var actions = posix_spawn_file_actions_t()
      posix_spawn_file_actions_init(&actions)
      defer { posix_spawn_file_actions_destroy(&actions) }
      posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
      posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
      let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
      for descriptor in open.compactMap({ Int32($0) }) where descriptor > 2 {
        posix_spawn_file_actions_addclose(&actions, descriptor)
      }
      let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
      defer { argv.forEach { free($0) } }
      var pid: pid_t = 0
      guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { return -1 }
      var status: Int32 = 0
      while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
      return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
    }
  }

  static func configuration(_ endpoint: String, _ credentials: AWSCredentials) -> AWSConfiguration {
    AWSTestConfiguration.configuration(endpoint: endpoint, attempts: 1, timeout: 30, credentials: credentials)
  }

  /// The unchecked calls: a user with a key, and a role, each allowed everything.
  static func setUp(_ endpoint: String) async throws -> (key: AWSCredentials, role: String) {
    let iam = QueryClient(
      client: AWSServiceClient(
        service: .iam, configuration: configuration(endpoint, AWSTestConfiguration.fakeCredentials)),
      version: "2010-05-08")
    var user = QueryParameters()
    user.add("UserName", "deployer")
    _ = try await iam.call("CreateUser", user)
    user.add("PolicyName", "everything")
    user.add("PolicyDocument", allowAll)
    _ = try await iam.call("PutUserPolicy", user)
    var keyParameters = QueryParameters()
    keyParameters.add("UserName", "deployer")
    let key = try await iam.call("CreateAccessKey", keyParameters)
    var role = QueryParameters()
    role.add("RoleName", "release")
    role.add("AssumeRolePolicyDocument", trustAnyone)
    let created = try await iam.call("CreateRole", role)
    var rolePolicy = QueryParameters()
    rolePolicy.add("RoleName", "release")
    rolePolicy.add("PolicyName", "everything")
    rolePolicy.add("PolicyDocument", allowAll)
    _ = try await iam.call("PutRolePolicy", rolePolicy)
    return (
      AWSCredentials(
        accessKeyID: try #require(key.first(named: "AccessKeyId")?.text),
        secretAccessKey: try #require(key.first(named: "SecretAccessKey")?.text)),
      try #require(created.first(named: "Arn")?.text)
    )
  }

  @Test(.requiresMoto) func signedCallsPassAndWrongSecretsFailWithAWSCodes() async throws {
    let moto = try await PrivateMoto(authAfter: 5)
    do {
      try await check(moto.endpoint)
    } catch {
      await moto.stop()
      throw error
    }
    await moto.stop()
  }

  private func check(_ endpoint: String) async throws {
    let (key, roleARN) = try await Self.setUp(endpoint)

    // The provider's whole lifecycle with the real key: the builder's RunInstances carries
    // `Name = immplan-web-g1 builder`, whose space is `+` in the form moto re-encodes.
    let good = Self.configuration(endpoint, key)
    var options = AWSProvider.Options()
    options.pollInterval = .milliseconds(20)
    options.builderCompletion = .running
    options.drainTime = .zero
    options.imageBuildTimeout = .seconds(20)
    options.deleteTimeout = .seconds(20)
    let provider = AWSProvider(configuration: good, options: options)
    let source = try #require(try await EC2Client(configuration: good).describeImages(owners: ["amazon"]).first?.id)
    let image = try await provider.create(
      .image, plannedName: "immplan-web-g1",
      identity: [
        "source": .string(source), "provision": .list([.string("echo hello world > /tmp/greeting")]),
        "instance_type": .string("t3.micro"), "tags": .map(["team": .string("web platform")]),
      ],
      knownOutputs: ["digest": .string("sha256:auth-test")],
      context: ProviderContext(address: ResourceAddress(kind: .image, name: "web"), operationID: "op-image"))
    let builders = try await EC2Client(configuration: good).describeInstances(filters: [
      EC2Filter("tag:Name", ["immplan-web-g1 builder"])
    ])
    #expect(builders.count == 1, "the builder was launched with its spaced Name tag")
    let template = try await provider.create(
      .launchTemplate, plannedName: "immplan-web-g1",
      identity: [
        "image": .string(image.cloudID), "instance_type": .string("t3.micro"),
        "user_data": .string("#!/bin/sh\necho a b c\n"), "tags": .map(["team": .string("web platform")]),
      ], knownOutputs: [:],
      context: ProviderContext(
        address: ResourceAddress(kind: .launchTemplate, name: "web"), operationID: "op-template"))
    let fleet = try await provider.create(
      .fleet, plannedName: "immplan-web-g1",
      identity: [
        "launch_template": .string(template.cloudID), "min_size": .number(1), "max_size": .number(1),
        "desired_capacity": .number(1), "zones": .list([.string("us-east-1a")]),
        "tags": .map(["team": .string("web platform")]),
      ], knownOutputs: [:],
      context: ProviderContext(address: ResourceAddress(kind: .fleet, name: "web"), operationID: "op-fleet"))
    let fleetContext = ProviderContext(address: ResourceAddress(kind: .fleet, name: "web"), operationID: "op-destroy")
    try await provider.destroy(.fleet, cloudID: fleet.cloudID, plannedName: "immplan-web-g1", context: fleetContext)

    // A wrong secret: AWS's codes verbatim, for EC2, Auto Scaling and the provider's own call.
    var wrong = key
    wrong.secretAccessKey += "x"
    let bad = Self.configuration(endpoint, wrong)
    await #expect(throws: AWSError.self) { try await EC2Client(configuration: bad).describeInstances() }
    do {
      _ = try await EC2Client(configuration: bad).describeInstances()
    } catch {
      #expect(error.code == "AuthFailure", "\(error)")
      #expect(!error.description.contains(wrong.secretAccessKey))
    }
    do {
      _ = try await AutoScalingClient(configuration: bad).describeAutoScalingGroups()
      Issue.record("a wrong Auto Scaling signature was accepted")
    } catch {
      #expect(error.code == "SignatureDoesNotMatch", "\(error)")
    }
    do {
      _ = try await AWSProvider(configuration: bad, options: options).create(
        .image, plannedName: "immplan-web-g2",
        identity: ["source": .string(source), "provision": .list([]), "instance_type": .string("t3.micro")],
        knownOutputs: ["digest": .string("sha256:auth-test-2")],
        context: ProviderContext(address: ResourceAddress(kind: .image, name: "web"), operationID: "op-bad"))
      Issue.record("a provider with a wrong secret created an image")
    } catch {
      #expect(error == .permanent(code: "AuthFailure", message: error.permanentMessage), "\(error)")
    }

    // Temporary credentials from a profile's role: moto checks the session token too.
    let config = """
      [profile release]
      role_arn = \(roleARN)
      source_profile = user
      [profile user]
      aws_access_key_id = \(key.accessKeyID)
      aws_secret_access_key = \(key.secretAccessKey)
      """
    let system = CredentialTestSupport.system(
      [:], files: FileMap(["/home/u/.aws/config": config]), transport: URLSessionTransport())
    let assumed = try AWSSessionResolver(system: system).configuration(
      region: "us-east-1", profile: "release", endpoint: endpoint)
    _ = try await EC2Client(configuration: assumed).describeInstances()
    _ = try await AutoScalingClient(configuration: assumed).describeAutoScalingGroups()
    var forged = try await assumed.credentialProvider.credentials()
    forged.sessionToken = (forged.sessionToken ?? "") + "x"
    await #expect(throws: AWSError.self) {
      try await EC2Client(configuration: Self.configuration(endpoint, forged)).describeInstances()
    }
  }
}

extension ProviderError {
  /// The message of a permanent error, to compare the whole value.
  fileprivate var permanentMessage: String {
    if case .permanent(_, let message) = self { return message }
    return ""
  }
}
