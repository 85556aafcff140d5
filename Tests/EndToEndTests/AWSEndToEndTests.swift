import Foundation
import ImmplanPlanner
import TestSupport
import Testing

@testable import ImmplanExecutor

/// The built `immplan` binary against moto (`IMMPLAN_TEST_AWS_ENDPOINT`, started by `scripts/with-moto`):
/// apply image → launch template → fleet, replace it blue/green, converge, destroy, and keep the state
/// in S3 under two concurrent writers. Results are checked through the CLI and by asking moto directly.
///
/// The binary cannot send moto's `x-moto-account-id`, so it works in moto's default account; each test
/// isolates itself by a region of its own (no other moto suite uses these) and its own bucket.
/// Serialized, and each test holds ``MotoServerLock`` so the signature test never switches moto's
/// signature checks on while the binary runs with fake keys.
@Suite(.serialized) struct AWSEndToEndTests {
  /// One test's view of moto: its region, the binary's environment, and clients to look behind it.
  struct Moto {
    let endpoint: String
    let region: String
    let ec2: EC2Client
    let autoScaling: AutoScalingClient
    let s3: S3Client

    init(endpoint: String, region: String) {
      self.endpoint = endpoint
      self.region = region
      var configuration = AWSConfiguration(
        region: region, credentials: AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing"),
        endpointOverride: endpoint)
      configuration.timeout = 30
      ec2 = EC2Client(configuration: configuration)
      autoScaling = AutoScalingClient(configuration: configuration)
      s3 = S3Client(configuration: configuration)
    }

    /// Fake credentials and the region through the environment; the drain pause and polls shortened.
    var environment: [String: String] {
      [
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": region,
        "IMMPLAN_AWS_DRAIN_TIME": "0", "IMMPLAN_AWS_POLL_INTERVAL": "0.1",
      ]
    }

    func run(_ arguments: [String], in directory: TemporaryDirectory) async throws -> BinaryResult {
      let environment = environment
      return try await offPool { try BinaryRunner.run(arguments, environment: environment, in: directory.path) }
    }

    /// Starts `immplan arguments…` without waiting; returns the process and its output file paths.
    func start(_ arguments: [String], in directory: TemporaryDirectory, tag: String) throws -> RunningBinary {
      try RunningBinary(arguments, environment: environment, directory: directory.path, tag: tag)
    }

    /// An Amazon AMI moto ships, for the builder to start from.
    func sourceAMI() async throws -> String {
      try #require(try await ec2.describeImages(owners: ["amazon"]).first?.id, "moto ships Amazon AMIs")
    }

    /// AMIs immplan tagged, by name.
    func immplanImages() async throws -> [String: EC2Image] {
      let images = try await ec2.describeImages(owners: ["self"], filters: [EC2Filter("tag-key", ["immplan:address"])])
      return Dictionary(images.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Launch templates immplan tagged, by name.
    func immplanLaunchTemplates() async throws -> [String: EC2LaunchTemplate] {
      let templates = try await ec2.describeLaunchTemplates()
      return Dictionary(
        templates.filter { $0.tags[tag: "immplan:address"] != nil }.map { ($0.name, $0) },
        uniquingKeysWith: { first, _ in first })
    }

    /// Auto Scaling groups immplan tagged (and not being deleted), by name.
    func immplanGroups() async throws -> [String: AutoScalingGroup] {
      let groups = try await autoScaling.describeAutoScalingGroups()
      return Dictionary(
        groups.filter { $0.tags[tag: "immplan:address"] != nil && $0.status == nil }.map { ($0.name, $0) },
        uniquingKeysWith: { first, _ in first })
    }

    /// IDs of the builder instances of `plannedName`, terminated ones included.
    func builders(named plannedName: String) async throws -> Set<String> {
      Set(try await ec2.describeInstances(filters: [EC2Filter("tag:immplan:builder", [plannedName])]).map(\.id))
    }

    /// Builder instances not terminated (moto keeps terminated ones visible).
    func liveBuilders() async throws -> [EC2Instance] {
      try await ec2.describeInstances(filters: [EC2Filter("tag-key", ["immplan:builder"])])
        .filter { $0.state != "terminated" && $0.state != "shutting-down" }
    }
  }

  /// image → launch template → fleet as in examples/aws, sized for moto: one instance, no grace, no bake.
  static func configuration(
    endpoint: String, source: String, version: String, gracePeriod: String = "0s", state: String = ""
  ) -> String {
    """
    provider "aws" {
      endpoint = "\(endpoint)"
    }
    \(state)
    image "web" {
      source        = "\(source)"
      instance_type = "t3.micro"
      provision = [
        "apt-get install -y nginx",
        "echo \(version) > /var/www/html/version",
      ]
      retain = 1
      tags   = { team = "platform" }
    }

    launch_template "web" {
      image         = image.web.id
      instance_type = "t3.micro"
      user_data     = "#!/bin/sh\\nsystemctl start nginx\\n"
      tags          = { team = "platform" }
    }

    fleet "web" {
      launch_template  = launch_template.web.id
      min_size         = 1
      max_size         = 2
      desired_capacity = 1
      zones            = ["ca-central-1a"]
      tags             = { team = "platform" }

      health_check {
        type         = "ec2"
        grace_period = "\(gracePeriod)"
        timeout      = "30s"
      }

      rollout {
        strategy  = "blue_green"
        bake_time = "0s"
      }
    }

    output "fleet_name" {
      value = fleet.web.name
    }
    """
  }

  // MARK: - Tests

  @Test(.requiresMoto) func applyReplaceConvergeDestroyAgainstMoto() async throws {
    let endpoint = try MotoEndpoint.required()
    try await MotoServerLock.shared.run { try await Self.applyReplaceConvergeDestroy(endpoint) }
  }

  static func applyReplaceConvergeDestroy(_ endpoint: String) async throws {
    let moto = Moto(endpoint: endpoint, region: "ca-central-1")
    let source = try await moto.sourceAMI()
    let directory = try TemporaryDirectory()
    try directory.write("main.imm.hcl", Self.configuration(endpoint: endpoint, source: source, version: "1.0.0"))

    // moto keeps terminated instances, so builders of earlier runs on the same server may be listed.
    let buildersBefore = try await moto.builders(named: "immplan-web-g1")

    // 1. plan, then apply: the three objects exist in moto with the planned names and immplan tags.
    let plan = try await moto.run(["plan", "-detailed-exitcode"], in: directory)
    #expect(plan.status == 2, "\(plan.stdout)\n\(plan.stderr)")
    #expect(plan.stdout.contains("Plan: 3 to create, 0 to replace, 0 to destroy."), "\(plan.stdout)")
    let create = try await moto.run(["apply", "-auto-approve"], in: directory)
    #expect(create.status == 0, "\(create.stdout)\n\(create.stderr)")
    #expect(create.stdout.contains("Apply complete: 3 created, 0 replaced, 0 destroyed."), "\(create.stdout)")
    #expect(create.stdout.contains("fleet_name = \"immplan-web-g1\""), "\(create.stdout)")

    let image1 = try #require(try await moto.immplanImages()["immplan-web-g1"], "the AMI exists")
    #expect(image1.state == "available")
    #expect(image1.tags[tag: "immplan:address"] == "image.web")
    #expect(image1.tags[tag: "immplan:name"] == "immplan-web-g1")
    #expect(image1.tags[tag: "immplan:digest"]?.isEmpty == false)
    #expect(image1.tags[tag: "team"] == "platform")
    let template1 = try #require(try await moto.immplanLaunchTemplates()["immplan-web-g1"], "the template exists")
    #expect(template1.tags[tag: "immplan:address"] == "launch_template.web")
    let group1 = try #require(try await moto.immplanGroups()["immplan-web-g1"], "the group exists")
    #expect(group1.tags[tag: "immplan:address"] == "fleet.web")
    #expect(group1.tags[tag: "team"] == "platform")
    #expect(group1.launchTemplateID == template1.id || group1.launchTemplateName == "immplan-web-g1")
    #expect(group1.healthyInServiceCount >= 1)
    let builders = try await moto.builders(named: "immplan-web-g1").subtracting(buildersBefore)
    #expect(builders.count == 1, "one builder baked the AMI")
    #expect(try await moto.liveBuilders().isEmpty, "the builder is terminated after baking")
    #expect(try await moto.run(["output", "fleet_name"], in: directory).stdout == "immplan-web-g1\n")

    // 2. New provisioning: the cascade replaces AMI, launch template and group, blue/green.
    try directory.write("main.imm.hcl", Self.configuration(endpoint: endpoint, source: source, version: "2.0.0"))
    let replace = try await moto.run(["apply", "-auto-approve"], in: directory)
    #expect(replace.status == 0, "\(replace.stdout)\n\(replace.stderr)")
    #expect(replace.stdout.contains("Apply complete: 0 created, 3 replaced, 0 destroyed."), "\(replace.stdout)")
    #expect(replace.stdout.contains("blue/green: immplan-web-g2 must be healthy"), "\(replace.stdout)")
    // Green is up before blue goes.
    let greenCreated = try #require(replace.stdout.range(of: "fleet.web: created immplan-web-g2"))
    let blueDestroyed = try #require(replace.stdout.range(of: "fleet.web: destroyed immplan-web-g1"))
    #expect(greenCreated.upperBound <= blueDestroyed.lowerBound)

    let images = try await moto.immplanImages()
    #expect(images["immplan-web-g2"] != nil)
    #expect(images["immplan-web-g2"]?.id != image1.id)
    #expect(images["immplan-web-g1"]?.id == image1.id, "the old AMI is retained (retain = 1)")
    #expect(Set(try await moto.immplanLaunchTemplates().keys) == ["immplan-web-g2"])
    #expect(Set(try await moto.immplanGroups().keys) == ["immplan-web-g2"])
    #expect(try await moto.liveBuilders().isEmpty)
    let all = try await moto.run(["state", "list", "-all"], in: directory)
    #expect(all.stdout.contains("image.web#g1"), "\(all.stdout)")

    // 3. The same configuration again changes nothing.
    let again = try await moto.run(["plan", "-detailed-exitcode"], in: directory)
    #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
    let reapply = try await moto.run(["apply", "-auto-approve"], in: directory)
    #expect(reapply.status == 0, "\(reapply.stderr)")
    #expect(!reapply.stdout.contains("creating"), "\(reapply.stdout)")
    #expect(!reapply.stdout.contains("destroying"), "\(reapply.stdout)")
    #expect(Set(try await moto.immplanGroups().keys) == ["immplan-web-g2"])

    // 4. Rolling back to version 1 makes the retained AMI current again: no builder, no new AMI;
    //    a new template and group run on it. Then forward again to version 2 the same way.
    let buildersBeforeRollback = try await moto.builders(named: "immplan-web-g3")
    let rollback = try await moto.run(["rollback", "-to", "1", "-auto-approve"], in: directory)
    #expect(rollback.status == 0, "\(rollback.stdout)\n\(rollback.stderr)")
    #expect(rollback.stdout.contains("is current again, nothing built"), "\(rollback.stdout)")
    #expect(Set(try await moto.immplanImages().keys) == ["immplan-web-g1", "immplan-web-g2"])
    #expect(try await moto.builders(named: "immplan-web-g3") == buildersBeforeRollback, "nothing was baked")
    let rolledTemplate = try #require(try await moto.immplanLaunchTemplates()["immplan-web-g3"])
    #expect(Set(try await moto.immplanGroups().keys) == ["immplan-web-g3"])
    let shownTemplate = try await moto.run(["state", "show", "launch_template.web"], in: directory)
    #expect(shownTemplate.stdout.contains("\"\(image1.id)\""), "\(shownTemplate.stdout)")
    #expect(rolledTemplate.tags[tag: "immplan:address"] == "launch_template.web")
    let forward = try await moto.run(["rollback", "-to", "2", "-auto-approve"], in: directory)
    #expect(forward.status == 0, "\(forward.stdout)\n\(forward.stderr)")
    #expect(Set(try await moto.immplanImages().keys) == ["immplan-web-g1", "immplan-web-g2"])
    #expect(Set(try await moto.immplanGroups().keys) == ["immplan-web-g4"])
    let settled = try await moto.run(["plan", "-detailed-exitcode"], in: directory)
    #expect(settled.status == 0, "\(settled.stdout)\n\(settled.stderr)")

    // 5. destroy leaves nothing tagged by immplan.
    let destroy = try await moto.run(["destroy", "-auto-approve"], in: directory)
    #expect(destroy.status == 0, "\(destroy.stdout)\n\(destroy.stderr)")
    #expect(destroy.stdout.contains("Destroy complete: 4 destroyed."), "\(destroy.stdout)")
    #expect(try await moto.immplanImages().isEmpty)
    #expect(try await moto.immplanLaunchTemplates().isEmpty)
    #expect(try await moto.immplanGroups().isEmpty)
    #expect(try await moto.liveBuilders().isEmpty)
    #expect(try await moto.run(["state", "list", "-all"], in: directory).stdout.isEmpty)
  }

  @Test(.requiresMoto) func s3StateAndConcurrentWritersAgainstMoto() async throws {
    let endpoint = try MotoEndpoint.required()
    try await MotoServerLock.shared.run { try await Self.s3StateWithConcurrentWriters(endpoint) }
  }

  static func s3StateWithConcurrentWriters(_ endpoint: String) async throws {
    let moto = Moto(endpoint: endpoint, region: "ap-southeast-2")
    let source = try await moto.sourceAMI()
    let bucket = "immplan-e2e-\(UInt32.random(in: 0...UInt32.max))"
    try await moto.s3.createBucket(bucket)
    let key = "web/immplan.state.json"
    let state = """
      state "s3" {
        bucket   = "\(bucket)"
        key      = "\(key)"
        region   = "ap-southeast-2"
        endpoint = "\(endpoint)"
      }
      """
    let directory = try TemporaryDirectory()
    func configure(_ version: String, gracePeriod: String = "0s") throws {
      try directory.write(
        "main.imm.hcl",
        Self.configuration(
          endpoint: endpoint, source: source, version: version, gracePeriod: gracePeriod, state: state
        ).replacingOccurrences(of: "ca-central-1a", with: "ap-southeast-2a"))
    }

    // Apply with the state in S3: the state object is there, nothing is written locally.
    try configure("1.0.0")
    let create = try await moto.run(["apply", "-auto-approve"], in: directory)
    #expect(create.status == 0, "\(create.stdout)\n\(create.stderr)")
    let stored = try #require(try await moto.s3.getObject(bucket: bucket, key: key), "the state object is in S3")
    let document = String(decoding: stored.body, as: UTF8.self)
    #expect(document.contains("\"serial\""))
    #expect(document.contains("immplan-web-g1"))
    #expect(!FileManager.default.fileExists(atPath: directory.path + "/immplan.state.json"))
    #expect(try await moto.s3.getObject(bucket: bucket, key: key + ".lock") == nil, "the lock is released")

    // Two writers: the first holds the lock through a 3 s grace period; the second fails at once
    // naming the holder, a third waits with -lock-timeout and then finds nothing left to do.
    try configure("2.0.0", gracePeriod: "3s")
    let first = try moto.start(["apply", "-auto-approve"], in: directory, tag: "first")
    defer { first.terminateIfRunning() }
    var lock: S3Object?
    let deadline = Date().addingTimeInterval(15)
    while lock == nil && Date() < deadline && first.isRunning {
      lock = try await moto.s3.getObject(bucket: bucket, key: key + ".lock")
      if lock == nil { try await Task.sleep(for: .milliseconds(50)) }
    }
    let lockInfo = String(decoding: try #require(lock, "the first apply takes the S3 lock").body, as: UTF8.self)

    let second = try await moto.run(["apply", "-auto-approve"], in: directory)
    #expect(second.status != 0, "\(second.stdout)\n\(second.stderr)")
    #expect(second.stderr.lowercased().contains("lock"), "\(second.stderr)")
    #expect(second.stderr.contains("apply"), "the error names the holder's operation: \(second.stderr)")
    let lockID = try #require(Self.jsonString(lockInfo, "id"), "the lock object holds its ID: \(lockInfo)")
    #expect(second.stderr.contains("is locked by"), "\(second.stderr)")
    #expect(second.stderr.contains(lockID), "the error names the lock ID: \(second.stderr)")
    #expect(!second.stdout.contains("creating"), "\(second.stdout)")

    let third = try await moto.run(["apply", "-auto-approve", "-lock-timeout", "30s"], in: directory)
    let firstResult = try await offPool { try first.wait() }
    #expect(firstResult.status == 0, "\(firstResult.stdout)\n\(firstResult.stderr)")
    #expect(firstResult.stdout.contains("Apply complete: 0 created, 3 replaced, 0 destroyed."), "\(firstResult.stdout)")
    #expect(third.status == 0, "\(third.stdout)\n\(third.stderr)")
    #expect(!third.stdout.contains("creating"), "waited, then found the new state: \(third.stdout)")

    // The state survived: one consistent history, no leftover lock, and it matches moto.
    #expect(try await moto.s3.getObject(bucket: bucket, key: key + ".lock") == nil)
    let history = try await moto.run(["history"], in: directory)
    #expect(history.stdout.contains("Version 2"), "\(history.stdout)")
    #expect(!history.stdout.contains("Version 3"), "the waiting apply changed nothing: \(history.stdout)")
    #expect(try await moto.run(["plan", "-detailed-exitcode"], in: directory).status == 0)
    #expect(try await moto.run(["output", "fleet_name"], in: directory).stdout == "immplan-web-g2\n")
    #expect(Set(try await moto.immplanGroups().keys) == ["immplan-web-g2"])

    let destroy = try await moto.run(["destroy", "-auto-approve"], in: directory)
    #expect(destroy.status == 0, "\(destroy.stdout)\n\(destroy.stderr)")
    #expect(try await moto.immplanGroups().isEmpty)
    #expect(try await moto.immplanImages().isEmpty)
  }

  @Test(.requiresMoto) func theAWSExamplePlansAgainstMoto() async throws {
    let endpoint = try MotoEndpoint.required()
    try await MotoServerLock.shared.run { try await Self.planTheExample(endpoint) }
  }

  /// examples/aws itself, unchanged, with its variables pointing at moto: it validates and plans
  /// (its 60 s grace period and 2 m bake time are for AWS, so it is not applied here).
  static func planTheExample(_ endpoint: String) async throws {
    let moto = Moto(endpoint: endpoint, region: "sa-east-1")
    let bucket = "immplan-e2e-example-\(UInt32.random(in: 0...UInt32.max))"
    try await moto.s3.createBucket(bucket)
    let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("examples/aws").path
    let directory = try TemporaryDirectory()
    var environment = moto.environment
    environment["IMMPLAN_VAR_endpoint"] = endpoint
    environment["IMMPLAN_VAR_region"] = moto.region
    environment["IMMPLAN_VAR_source_ami"] = try await moto.sourceAMI()
    environment["IMMPLAN_VAR_state_bucket"] = bucket
    let validate = try await offPool { [environment] in
      try BinaryRunner.run(["validate", example], environment: environment, in: directory.path)
    }
    #expect(validate.status == 0, "\(validate.stdout)\n\(validate.stderr)")
    let plan = try await offPool { [environment] in
      try BinaryRunner.run(["plan", "-detailed-exitcode", example], environment: environment, in: directory.path)
    }
    #expect(plan.status == 2, "\(plan.stdout)\n\(plan.stderr)")
    #expect(plan.stdout.contains("Plan: 3 to create, 0 to replace, 0 to destroy."), "\(plan.stdout)")
    #expect(plan.stdout.contains("fleet.web"), "\(plan.stdout)")
    #expect(try await moto.s3.getObject(bucket: bucket, key: "web/immplan.state.json.lock") == nil)
  }

  /// A string field of a flat JSON object, or nil.
  static func jsonString(_ text: String, _ field: String) -> String? {
    guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
    return object[field] as? String
  }
}

/// Runs blocking work (waiting for a child process) on a thread of its own, not on one of the few
/// threads of Swift's cooperative pool, so other tests' tasks keep running meanwhile.
func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
  try await withCheckedThrowingContinuation { continuation in
    Thread { continuation.resume(with: Result { try work() }) }.start()
  }
}

/// An `immplan` process started in the background, with its output going to files.
final class RunningBinary: @unchecked Sendable {
  // @unchecked: the process and paths are set once; Process itself is thread-safe enough for this use.
  let process = Process()
  let scratch: TemporaryDirectory

  init(_ arguments: [String], environment: [String: String], directory: String, tag: String) throws {
    scratch = try TemporaryDirectory()
    _ = FileManager.default.createFile(atPath: scratch.path + "/stdout", contents: nil)
    _ = FileManager.default.createFile(atPath: scratch.path + "/stderr", contents: nil)
    process.executableURL = URL(fileURLWithPath: BinaryRunner.executablePath)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var childEnvironment = ["PATH": "/usr/bin:/bin", "HOME": scratch.path, "LANG": "C.UTF-8"]
    childEnvironment.merge(environment) { _, new in new }
    process.environment = childEnvironment
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch.path + "/stdout"))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch.path + "/stderr"))
    process.standardInput = FileHandle.nullDevice
    try process.run()
  }

  var isRunning: Bool { process.isRunning }

  func wait() throws -> (status: Int32, stdout: String, stderr: String) {
    process.waitUntilExit()
    return (process.terminationStatus, try scratch.read("stdout"), try scratch.read("stderr"))
  }

  /// Kills only this process, and only when a failed test leaves it behind.
  func terminateIfRunning() {
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
    }
  }
}

// MARK: - Reading state in S3, and keyless runs

extension AWSEndToEndTests {
  /// The sim provider with its state in S3: the commands that read state are then about the
  /// backend alone.
  static func simWithS3State(endpoint: String, bucket: String, key: String, region: String) -> String {
    """
    state "s3" {
      bucket   = "\(bucket)"
      key      = "\(key)"
      region   = "\(region)"
      endpoint = "\(endpoint)/"
    }

    provider "sim" {
      latency = "0s"
    }

    image "web" {
      source    = "debian-12"
      provision = ["install-app 1.0.0"]
    }

    launch_template "web" {
      image         = image.web.id
      instance_type = "t3.small"
    }

    fleet "web" {
      launch_template = launch_template.web.id
      min_size        = 2
      max_size        = 2
    }

    output "fleet_name" {
      value = fleet.web.name
    }
    """
  }

  @Test(.requiresMoto) func everyStateCommandReadsS3AsItReadsALocalFile() async throws {
    let endpoint = try MotoEndpoint.required()
    try await MotoServerLock.shared.run { try await Self.stateCommandsOnS3(endpoint) }
  }

  static func stateCommandsOnS3(_ endpoint: String) async throws {
    let moto = Moto(endpoint: endpoint, region: "eu-south-1")
    let bucket = "immplan-e2e-read-\(UInt32.random(in: 0...UInt32.max))"
    try await moto.s3.createBucket(bucket)
    let key = "team/web.state.json"
    let remote = try TemporaryDirectory()
    try remote.write(
      "main.imm.hcl", simWithS3State(endpoint: endpoint, bucket: bucket, key: key, region: moto.region))
    // The same configuration with a local state, to compare what the commands print.
    let local = try TemporaryDirectory()
    let localConfiguration = simWithS3State(endpoint: endpoint, bucket: bucket, key: key, region: moto.region)
      .components(separatedBy: "provider \"sim\"").dropFirst().joined()
    try local.write("main.imm.hcl", "provider \"sim\"" + localConfiguration)
    for directory in [remote, local] {
      let apply = try await moto.run(["apply", "-auto-approve"], in: directory)
      #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
    }
    #expect(try await moto.s3.getObject(bucket: bucket, key: key) != nil, "the state is in S3")
    #expect(!FileManager.default.fileExists(atPath: remote.path + "/immplan.state.json"))

    func both(_ arguments: [String]) async throws -> (BinaryResult, BinaryResult) {
      (try await moto.run(arguments, in: remote), try await moto.run(arguments, in: local))
    }
    for arguments in [["state", "list"], ["state", "list", "-all"], ["state", "show", "fleet.web"], ["output"]] {
      let (s3, file) = try await both(arguments)
      #expect(s3.status == 0, "\(arguments): \(s3.stderr)")
      #expect(!s3.stdout.isEmpty, "\(arguments)")
      #expect(s3.stdout == file.stdout, "\(arguments) prints the same for both backends")
      #expect(s3.stderr == file.stderr)
    }
    #expect(try await moto.run(["state", "list"], in: remote).stdout == "fleet.web\nimage.web\nlaunch_template.web\n")
    let show = try await moto.run(["show"], in: remote)
    #expect(show.status == 0, "\(show.stderr)")
    #expect(show.stdout.hasPrefix("State serial 1, lineage "), "\(show.stdout)")
    #expect(show.stdout.contains("fleet.web"), "\(show.stdout)")
    let history = try await moto.run(["history"], in: remote)
    #expect(history.stdout.hasPrefix("Version 1  "), "\(history.stdout)")
    #expect(try await moto.run(["output", "fleet_name"], in: remote).stdout == "immplan-web-g1\n")
    let unknown = try await moto.run(["state", "show", "fleet.wb"], in: remote)
    #expect(unknown.status == 1)
    #expect(unknown.stderr.contains("did you mean `fleet.web`?"), "\(unknown.stderr)")

    // A stuck lock in S3: reads refuse naming it (unless -lock=false), force-unlock releases it.
    let holder = S3StateStorage(
      bucket: bucket, key: key,
      configuration: AWSConfiguration(
        region: moto.region, credentials: AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing"),
        endpointOverride: endpoint),
      lockTTL: .seconds(600))
    let lock = LockInfo(
      id: "e2e-stuck-lock-1", who: "ci@runner", time: Timestamp(secondsSince1970: 1_767_225_600),
      operation: "apply", pid: 4242)
    try await holder.acquireLock(lock, timeout: .zero)
    let refused = try await moto.run(["state", "list"], in: remote)
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("e2e-stuck-lock-1"), "\(refused.stderr)")
    #expect(try await moto.run(["state", "list", "-lock=false"], in: remote).status == 0)
    let wrong = try await moto.run(["force-unlock", "not-the-id"], in: remote)
    #expect(wrong.status == 1, "\(wrong.stdout)")
    #expect(try await moto.s3.getObject(bucket: bucket, key: key + ".lock") != nil)
    let released = try await moto.run(["force-unlock", "e2e-stuck-lock-1"], in: remote)
    #expect(released.status == 0, "\(released.stderr)")
    #expect(released.stdout == "The state lock e2e-stuck-lock-1 was released. Nothing else was changed.\n")
    #expect(try await moto.s3.getObject(bucket: bucket, key: key + ".lock") == nil)
    #expect(try await moto.run(["state", "list"], in: remote).status == 0)
    #expect(try await moto.run(["destroy", "-auto-approve"], in: remote).status == 0)
  }

  /// No keys at all: the binary assumes `arn:aws:iam::111111111111:role/deployer` with a web
  /// identity token file, as a CI job with OIDC does, and moto acts in that account — the fleet
  /// and the state are in 111111111111, nothing in moto's default account.
  @Test(.requiresMoto) func aKeylessWebIdentityRunActsInTheRolesAccount() async throws {
    let endpoint = try MotoEndpoint.required()
    try await MotoServerLock.shared.run { try await Self.keylessWebIdentity(endpoint) }
  }

  static func keylessWebIdentity(_ endpoint: String) async throws {
    let region = "eu-north-1"
    let directory = try TemporaryDirectory()
    try directory.write(".ci/oidc-token", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmFjbWUvd2ViIn0.c2lnbmF0dXJl\n")
    let environment = [
      "AWS_ROLE_ARN": "arn:aws:iam::111111111111:role/deployer",
      "AWS_WEB_IDENTITY_TOKEN_FILE": directory.path + "/.ci/oidc-token", "AWS_ROLE_SESSION_NAME": "e2e-pipeline",
      "AWS_REGION": region, "AWS_ENDPOINT_URL": endpoint + "/", "AWS_EC2_METADATA_DISABLED": "true",
      "IMMPLAN_AWS_DRAIN_TIME": "0", "IMMPLAN_AWS_POLL_INTERVAL": "0.1",
    ]
    // The test's own view of the role's account, and of moto's default one.
    let files = ["/token": "test-token"]
    let system = AWSSystem(
      environment: [
        "AWS_ROLE_ARN": "arn:aws:iam::111111111111:role/deployer", "AWS_WEB_IDENTITY_TOKEN_FILE": "/token",
        "AWS_EC2_METADATA_DISABLED": "true", "HOME": "/nonexistent",
      ], readFile: { files[$0] })
    let assumed = try AWSSessionResolver(system: system).configuration(region: region, profile: nil, endpoint: endpoint)
    let defaultAccount = Moto(endpoint: endpoint, region: region)
    let bucket = "immplan-e2e-keyless-\(UInt32.random(in: 0...UInt32.max))"
    try await S3Client(configuration: assumed).createBucket(bucket)
    let source = try #require(try await EC2Client(configuration: assumed).describeImages(owners: ["amazon"]).first?.id)
    let state = """
      state "s3" {
        bucket = "\(bucket)"
        key    = "web/immplan.state.json"
      }
      """
    try directory.write(
      "main.imm.hcl",
      Self.configuration(endpoint: endpoint, source: source, version: "1.0.0", state: state)
        .replacingOccurrences(of: "  endpoint = \"\(endpoint)\"\n", with: "")
        .replacingOccurrences(of: "ca-central-1a", with: "\(region)a"))
    let apply = try await offPool { [environment] in
      try BinaryRunner.run(["apply", "-auto-approve"], environment: environment, in: directory.path)
    }
    #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
    #expect(!apply.stderr.contains("test-token") && !apply.stdout.contains("eyJhbGci"))

    let inRole = try await AutoScalingClient(configuration: assumed).autoScalingGroup(named: "immplan-web-g1")
    #expect(inRole != nil, "the fleet is in 111111111111")
    #expect(try await defaultAccount.autoScaling.autoScalingGroup(named: "immplan-web-g1") == nil)
    #expect(try await S3Client(configuration: assumed).getObject(bucket: bucket, key: "web/immplan.state.json") != nil)
    let list = try await offPool { [environment] in
      try BinaryRunner.run(["state", "list"], environment: environment, in: directory.path)
    }
    #expect(list.stdout == "fleet.web\nimage.web\nlaunch_template.web\n", "\(list.stderr)")
    let destroy = try await offPool { [environment] in
      try BinaryRunner.run(["destroy", "-auto-approve"], environment: environment, in: directory.path)
    }
    #expect(destroy.status == 0, "\(destroy.stdout)\n\(destroy.stderr)")
    #expect(try await AutoScalingClient(configuration: assumed).autoScalingGroup(named: "immplan-web-g1") == nil)
  }
}
