import Foundation
import ImmplanParser
import TestSupport
import Testing

@testable import ImmplanExecutor

extension AWSMotoTests {
  /// The `aws` provider end to end against moto: image → launch template → fleet, blue/green,
  /// recovery by planned name, drift, and destroy leaving nothing tagged by immplan.
  @Suite struct Provider {
    static func provider(_ endpoint: String) -> (AWSProvider, EC2Client, AutoScalingClient) {
      let configuration = AWSTestConfiguration.moto(endpoint: endpoint)
      var options = AWSProvider.Options()
      options.pollInterval = .milliseconds(20)
      options.builderCompletion = .running
      options.drainTime = .zero
      options.imageBuildTimeout = .seconds(20)
      options.deleteTimeout = .seconds(20)
      return (
        AWSProvider(configuration: configuration, options: options), EC2Client(configuration: configuration),
        AutoScalingClient(configuration: configuration)
      )
    }

    static func context(_ kind: ResourceKind, _ name: String) -> ProviderContext {
      ProviderContext(address: ResourceAddress(kind: kind, name: name), operationID: "op-\(kind.rawValue)-\(name)")
    }

    static func imageIdentity(_ source: String, provision: [String]) -> [String: Value] {
      [
        "source": .string(source), "provision": .list(provision.map(Value.string)),
        "files": .map(["/etc/app.conf": .string("port = 8080\n")]), "instance_type": .string("t3.small"),
        "tags": .map(["team": .string("web")]),
      ]
    }

    @Test(.requiresMoto) func imageTemplateFleetLifecycle() async throws {
      let endpoint = try MotoEndpoint.required()
      let (provider, ec2, autoScaling) = Self.provider(endpoint)
      let source = try await AWSMotoTests.someAMI(ec2)
      let digest = "sha256:" + UUID().uuidString.lowercased()

      // Image: baked from a builder that is terminated afterwards.
      let image = try await provider.create(
        .image, plannedName: "immplan-web-g1",
        identity: Self.imageIdentity(source, provision: ["apt-get install -y nginx"]),
        knownOutputs: ["digest": .string(digest)], context: Self.context(.image, "web"))
      #expect(image.cloudID.hasPrefix("ami-"))
      #expect(image.outputs["name"] == .string("immplan-web-g1"))
      #expect(image.outputs["digest"] == .string(digest))
      let builders = try await ec2.describeInstances(filters: [EC2Filter("tag:immplan:builder", ["immplan-web-g1"])])
      #expect(builders.count == 1)
      #expect(builders.allSatisfy { $0.state == "terminated" || $0.state == "shutting-down" })
      let tagged = try #require(try await ec2.describeImages(ids: [image.cloudID]).first)
      #expect(tagged.tags[tag: "immplan:address"] == "image.web")
      #expect(tagged.tags[tag: "immplan:digest"] == digest)
      #expect(tagged.tags[tag: "team"] == "web")

      // Same digest again: the AMI is reused, no second builder.
      let reused = try await provider.create(
        .image, plannedName: "immplan-web-g2",
        identity: Self.imageIdentity(source, provision: ["apt-get install -y nginx"]),
        knownOutputs: ["digest": .string(digest)], context: Self.context(.image, "web"))
      #expect(reused.cloudID == image.cloudID)
      #expect(try await ec2.describeInstances(filters: [EC2Filter("tag:immplan:builder", ["immplan-web-g2"])]).isEmpty)

      // A forced replacement (-replace, replace_triggered_by) never reuses the AMI it replaces.
      var forced = Self.context(.image, "web")
      forced.mayReuseExisting = false
      let rebuilt = try await provider.create(
        .image, plannedName: "immplan-web-g3",
        identity: Self.imageIdentity(source, provision: ["apt-get install -y nginx"]),
        knownOutputs: ["digest": .string(digest)], context: forced)
      #expect(rebuilt.cloudID != image.cloudID)
      #expect(
        try await ec2.describeInstances(filters: [EC2Filter("tag:immplan:builder", ["immplan-web-g3"])]).count == 1)
      try await provider.destroy(.image, cloudID: rebuilt.cloudID, plannedName: "immplan-web-g3", context: forced)

      // Launch template, then adoption of the same planned name (crash recovery).
      let templateIdentity: [String: Value] = [
        "image": .string(image.cloudID), "instance_type": .string("t3.micro"),
        "user_data": .string("#!/bin/sh\necho hi\n"),
        "security_groups": .list([]), "tags": .map(["team": .string("web")]),
      ]
      let template = try await provider.create(
        .launchTemplate, plannedName: "immplan-web-lt-g1", identity: templateIdentity, knownOutputs: [:],
        context: Self.context(.launchTemplate, "web"))
      #expect(template.cloudID.hasPrefix("lt-"))
      let again = try await provider.create(
        .launchTemplate, plannedName: "immplan-web-lt-g1", identity: templateIdentity, knownOutputs: [:],
        context: Self.context(.launchTemplate, "web"))
      #expect(again.cloudID == template.cloudID)
      #expect(
        try await provider.find(
          .launchTemplate, plannedName: "immplan-web-lt-g1", context: Self.context(.launchTemplate, "web"))?.cloudID
          == template.cloudID)
      #expect(
        try await provider.read(
          .launchTemplate, cloudID: template.cloudID, identity: templateIdentity,
          context: Self.context(.launchTemplate, "web")) == .matches)
      var changed = templateIdentity
      changed["instance_type"] = .string("t3.large")
      #expect(
        try await provider.read(
          .launchTemplate, cloudID: template.cloudID, identity: changed, context: Self.context(.launchTemplate, "web"))
          == .drifted(reasons: ["`instance_type` is `t3.micro`, not `t3.large`"]))

      // Fleet with a health gate.
      let fleetIdentity: [String: Value] = [
        "launch_template": .string(template.cloudID), "min_size": .number(Number(2)), "max_size": .number(Number(3)),
        "desired_capacity": .number(Number(2)), "zones": .list([.string("us-east-1a")]), "target_groups": .list([]),
        "tags": .map(["team": .string("web")]),
      ]
      // health_check is a setting: it reaches Auto Scaling through the create's health gate.
      var fleetContext = Self.context(.fleet, "web")
      fleetContext.healthGate = HealthGate(desiredCapacity: 2, checkType: "elb", gracePeriod: .seconds(90))
      let fleet = try await provider.create(
        .fleet, plannedName: "immplan-web-g1", identity: fleetIdentity, knownOutputs: [:], context: fleetContext)
      #expect(fleet.cloudID == "immplan-web-g1")
      let described = try #require(
        try await autoScaling.describeAutoScalingGroups().first { $0.name == "immplan-web-g1" })
      #expect(described.healthCheckType == "ELB")
      #expect(described.healthCheckGracePeriod == 90)
      #expect(fleet.outputs["arn"]?.stringValue?.hasPrefix("arn:aws:autoscaling:") == true)
      let phases = PhaseLog()
      let report = try await provider.waitUntilHealthy(
        fleetID: fleet.cloudID, plannedName: "immplan-web-g1",
        gate: HealthGate(desiredCapacity: 2, timeout: .seconds(5), bakeTime: .milliseconds(50)),
        context: Self.context(.fleet, "web"), clock: provider.clock, progress: { phases.add($0.phase) })
      #expect(report.healthy == 2)
      #expect(phases.all.contains(.baking))
      #expect(
        try await provider.read(
          .fleet, cloudID: fleet.cloudID, identity: fleetIdentity, context: Self.context(.fleet, "web")) == .matches)
      var bigger = fleetIdentity
      bigger["desired_capacity"] = .number(Number(3))
      #expect(
        try await provider.read(.fleet, cloudID: fleet.cloudID, identity: bigger, context: Self.context(.fleet, "web"))
          == .drifted(reasons: ["`desired_capacity` is 2, not 3"]))

      // A gate the fleet cannot pass times out for the executor's rollback.
      await #expect(throws: ProviderError.self) {
        try await provider.waitUntilHealthy(
          fleetID: fleet.cloudID, plannedName: "immplan-web-g1",
          gate: HealthGate(desiredCapacity: 5, timeout: .milliseconds(100)),
          context: Self.context(.fleet, "web"), clock: provider.clock, progress: { _ in })
      }

      // Destroy everything, in dependency order; destroying twice is fine.
      try await provider.destroy(
        .fleet, cloudID: fleet.cloudID, plannedName: "immplan-web-g1", context: Self.context(.fleet, "web"))
      try await provider.destroy(
        .fleet, cloudID: fleet.cloudID, plannedName: "immplan-web-g1", context: Self.context(.fleet, "web"))
      try await provider.destroy(
        .launchTemplate, cloudID: template.cloudID, plannedName: "immplan-web-lt-g1",
        context: Self.context(.launchTemplate, "web"))
      try await provider.destroy(
        .launchTemplate, cloudID: template.cloudID, plannedName: "immplan-web-lt-g1",
        context: Self.context(.launchTemplate, "web"))
      try await provider.destroy(
        .image, cloudID: image.cloudID, plannedName: "immplan-web-g1", context: Self.context(.image, "web"))
      try await provider.destroy(
        .image, cloudID: image.cloudID, plannedName: "immplan-web-g1", context: Self.context(.image, "web"))

      #expect(
        try await provider.read(
          .fleet, cloudID: fleet.cloudID, identity: fleetIdentity, context: Self.context(.fleet, "web")) == .missing)
      #expect(
        try await provider.read(.image, cloudID: image.cloudID, identity: [:], context: Self.context(.image, "web"))
          == .missing)
      #expect(
        try await provider.find(.fleet, plannedName: "immplan-web-g1", context: Self.context(.fleet, "web")) == nil)
      #expect(try await autoScaling.describeAutoScalingGroups().isEmpty)
      #expect(try await ec2.describeLaunchTemplates().isEmpty)
      #expect(
        try await ec2.describeImages(owners: ["self"], filters: [EC2Filter("tag-key", ["immplan:address"])]).isEmpty)
      let live = try await ec2.describeInstances(filters: [
        EC2Filter("tag-key", ["immplan:address"]),
        EC2Filter("instance-state-name", ["pending", "running", "stopping", "stopped"]),
      ])
      #expect(live.isEmpty, "instances left running: \(live.map(\.id))")
    }

    @Test(.requiresMoto) func failedBuildStillTerminatesTheBuilder() async throws {
      let endpoint = try MotoEndpoint.required()
      let configuration = AWSTestConfiguration.moto(endpoint: endpoint)
      let ec2 = EC2Client(configuration: configuration)
      // Waiting for a shutdown that moto never performs: the build times out, like a failed
      // provisioning script on EC2 (the builder then never powers off).
      var options = AWSProvider.Options()
      options.pollInterval = .milliseconds(20)
      options.builderCompletion = .shutdown
      options.imageBuildTimeout = .milliseconds(200)
      let provider = AWSProvider(configuration: configuration, options: options)
      let source = try await AWSMotoTests.someAMI(ec2)
      do {
        _ = try await provider.create(
          .image, plannedName: "immplan-api-g1", identity: Self.imageIdentity(source, provision: ["false"]),
          knownOutputs: [:], context: Self.context(.image, "api"))
        Issue.record("expected the build to time out")
      } catch {
        guard case .timedOut(let message) = error else {
          Issue.record("expected timedOut, got \(error)")
          return
        }
        #expect(message.contains("did not finish provisioning"))
      }
      let builders = try await ec2.describeInstances(filters: [EC2Filter("tag:immplan:builder", ["immplan-api-g1"])])
      #expect(builders.count == 1)
      #expect(builders.allSatisfy { $0.state == "terminated" || $0.state == "shutting-down" })
      #expect(
        try await provider.find(.image, plannedName: "immplan-api-g1", context: Self.context(.image, "api")) == nil)

      do {
        _ = try await provider.create(
          .launchTemplate, plannedName: "immplan-api-lt-g1", identity: ["image": .string(source)], knownOutputs: [:],
          context: Self.context(.launchTemplate, "api"))
        Issue.record("expected a validation error")
      } catch {
        #expect(
          error
            == .permanent(
              code: "ValidationError", message: "launch template `immplan-api-lt-g1` needs `image` and `instance_type`")
        )
      }
    }

    @Test(.requiresMoto) func interruptedBuildTerminatesTheBuilder() async throws {
      let endpoint = try MotoEndpoint.required()
      let configuration = AWSTestConfiguration.moto(endpoint: endpoint)
      let ec2 = EC2Client(configuration: configuration)
      var options = AWSProvider.Options()
      options.pollInterval = .milliseconds(20)
      options.builderCompletion = .shutdown  // never reached on moto: the build waits until cancelled
      let provider = AWSProvider(configuration: configuration, options: options)
      let source = try await AWSMotoTests.someAMI(ec2)
      let task = Task { () async throws(ProviderError) -> CreatedObject in
        try await provider.create(
          .image, plannedName: "immplan-cancel-g1", identity: Self.imageIdentity(source, provision: ["sleep 600"]),
          knownOutputs: [:], context: Self.context(.image, "cancel"))
      }
      // Wait until the builder exists, then interrupt.
      for _ in 0..<200 {
        let builders = try await ec2.describeInstances(filters: [
          EC2Filter("tag:immplan:builder", ["immplan-cancel-g1"])
        ])
        if !builders.isEmpty { break }
        try await Task.sleep(nanoseconds: 20_000_000)
      }
      task.cancel()
      let result = await task.result
      #expect(throws: ProviderError.cancelled) { try result.get() }
      let builders = try await ec2.describeInstances(filters: [EC2Filter("tag:immplan:builder", ["immplan-cancel-g1"])])
      #expect(builders.count == 1)
      #expect(builders.allSatisfy { $0.state == "terminated" || $0.state == "shutting-down" })
    }

    @Test(.requiresMoto) func sourceAMIErrorsKeepAWSCodes() async throws {
      let endpoint = try MotoEndpoint.required()
      let (provider, _, _) = Self.provider(endpoint)
      do {
        _ = try await provider.create(
          .fleet, plannedName: "immplan-x-g1",
          identity: [
            "launch_template": .string("lt-0123456789abcdef0"), "min_size": .number(Number(1)),
            "max_size": .number(Number(1)),
          ],
          knownOutputs: [:], context: Self.context(.fleet, "x"))
        Issue.record("expected a missing launch template")
      } catch {
        guard case .permanent(let code, _) = error else {
          Issue.record("expected a permanent error, got \(error)")
          return
        }
        #expect(code.contains("NotFound"))
      }
    }

    @Test func builderScriptWritesFilesThenProvisionsThenPowersOff() {
      let script = String(
        decoding: AWSProvider.builderScript(
          plannedName: "immplan-web-g1",
          identity: IdentityValues([
            "provision": .list([.string("apt-get install -y nginx"), .string("systemctl enable nginx")]),
            "files": .map(["/etc/it's.conf": .string("a = 1\n")]),
          ]), powerOff: true), as: UTF8.self)
      #expect(
        script == """
          #!/bin/sh
          # immplan image build: immplan-web-g1
          set -eu
          mkdir -p "$(dirname '/etc/it'\\''s.conf')"
          printf '%s' 'YSA9IDEK' | base64 -d > '/etc/it'\\''s.conf'
          apt-get install -y nginx
          systemctl enable nginx
          poweroff || shutdown -h now

          """)
    }

    @Test func awsErrorsMapToProviderErrors() {
      #expect(
        AWSProvider.providerError(
          .service(code: "InvalidAMIID.NotFound", message: "gone", statusCode: 400, requestID: nil))
          == .permanent(code: "InvalidAMIID.NotFound", message: "gone"))
      #expect(
        AWSProvider.providerError(
          .retriesExhausted(
            attempts: 5, last: .service(code: "Throttling", message: "Rate exceeded", statusCode: 400, requestID: nil))
        ).isTransient)
      #expect(
        AWSProvider.providerError(.unexpectedResponse(statusCode: 500, excerpt: "Internal Server Error")).isTransient)
      #expect(AWSProvider.providerError(.transport(reason: "dropped")).isTransient)
      #expect(
        AWSProvider.providerError(.unexpectedResponse(statusCode: 403, excerpt: "nope"))
          == .permanent(
            code: "HTTP403", message: "unexpected HTTP 403 with a body that is not an AWS error document: nope"))
    }
  }
}
