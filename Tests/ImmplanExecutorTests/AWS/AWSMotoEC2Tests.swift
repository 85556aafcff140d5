import Foundation
import TestSupport
import Testing

@testable import ImmplanExecutor

extension AWSMotoTests {
  @Suite struct EC2 {
    @Test(.requiresMoto) func builderInstanceImageLifecycle() async throws {
      let endpoint = try MotoEndpoint.required()
      let ec2 = EC2Client(configuration: AWSTestConfiguration.moto(endpoint: endpoint))
      let source = try await AWSMotoTests.someAMI(ec2)

      var run = EC2RunInstancesRequest(imageID: source, instanceType: "t3.micro")
      run.userData = Array("#!/bin/sh\necho hello > /tmp/x\n".utf8)
      run.tags = [AWSTag("immplan:address", "image.web"), AWSTag("Name", "immplan-builder web")]
      run.clientToken = "immplan-image-web-g1"
      let instance = try await ec2.runInstance(run)
      #expect(instance.id.hasPrefix("i-"))
      #expect(instance.imageID == source)

      let described = try await ec2.describeInstances(ids: [instance.id])
      #expect(described.count == 1)
      #expect(described.first?.state == "running")
      #expect(described.first?.tags[tag: "immplan:address"] == "image.web")
      let byTag = try await ec2.describeInstances(filters: [EC2Filter("tag:immplan:address", ["image.web"])])
      #expect(byTag.map(\.id) == [instance.id])

      let digest = "sha256:\(UUID().uuidString.lowercased())"
      let imageID = try await ec2.createImage(
        instanceID: instance.id, name: "immplan-web-g1", description: "built by immplan",
        tags: [AWSTag("immplan:digest", digest), AWSTag("immplan:name", "immplan-web-g1")])
      #expect(imageID.hasPrefix("ami-"))

      let found = try await ec2.describeImages(owners: ["self"], filters: [EC2Filter("tag:immplan:digest", [digest])])
      #expect(found.map(\.id) == [imageID])
      #expect(found.first?.state == "available")
      #expect(found.first?.name == "immplan-web-g1")
      #expect(found.first?.tags[tag: "immplan:name"] == "immplan-web-g1")

      try await ec2.createTags(resourceIDs: [imageID], tags: [AWSTag("immplan:address", "image.web")])
      let retagged = try await ec2.describeImages(ids: [imageID])
      #expect(retagged.first?.tags[tag: "immplan:address"] == "image.web")

      let states = try await ec2.terminateInstances(ids: [instance.id])
      #expect(["shutting-down", "terminated"].contains(states[instance.id] ?? ""))
      // moto keeps terminated instances visible, as AWS does for a while.
      let afterTerminate = try await ec2.describeInstances(ids: [instance.id])
      #expect(afterTerminate.first?.state == "terminated")

      try await ec2.deregisterImage(id: imageID)
      for snapshot in found.first?.snapshotIDs ?? [] { try await ec2.deleteSnapshot(id: snapshot) }
      let gone = try await ec2.describeImages(owners: ["self"], filters: [EC2Filter("tag:immplan:digest", [digest])])
      #expect(gone.isEmpty)
    }

    @Test(.requiresMoto) func errorsCarryAWSCodeAndMessage() async throws {
      let endpoint = try MotoEndpoint.required()
      let ec2 = EC2Client(configuration: AWSTestConfiguration.moto(endpoint: endpoint))
      do {
        _ = try await ec2.describeImages(ids: ["ami-00000000deadbeef0"])
        Issue.record("expected InvalidAMIID.NotFound")
      } catch {
        #expect(error.code == "InvalidAMIID.NotFound")
        #expect(error.description.hasPrefix("InvalidAMIID.NotFound: "))
        #expect(error.description.contains("ami-00000000deadbeef0"))
      }
      await #expect(throws: AWSError.self) { try await ec2.terminateInstances(ids: ["i-0123456789abcdef0"]) }
    }

    @Test(.requiresMoto) func launchTemplateLifecycle() async throws {
      let endpoint = try MotoEndpoint.required()
      let ec2 = EC2Client(configuration: AWSTestConfiguration.moto(endpoint: endpoint))
      let source = try await AWSMotoTests.someAMI(ec2)
      #expect(try await ec2.describeLaunchTemplates(names: ["immplan-web-g1"]).isEmpty)

      var request = EC2LaunchTemplateRequest(name: "immplan-web-g1", imageID: source, instanceType: "t3.small")
      request.userData = Array("#cloud-config\n".utf8)
      request.securityGroupIDs = []
      request.tags = [AWSTag("immplan:address", "launch_template.web")]
      request.instanceTags = [AWSTag("immplan:fleet", "web")]
      request.clientToken = "immplan-lt-web-g1"
      let template = try await ec2.createLaunchTemplate(request)
      #expect(template.name == "immplan-web-g1")
      #expect(template.id.hasPrefix("lt-"))
      #expect(template.latestVersion == 1)

      let listed = try await ec2.describeLaunchTemplates(names: ["immplan-web-g1"])
      #expect(listed.map(\.id) == [template.id])
      let data = try #require(try await ec2.describeLaunchTemplateVersion(name: "immplan-web-g1", version: "1"))
      #expect(data.imageID == source)
      #expect(data.instanceType == "t3.small")
      #expect(data.userData == Array("#cloud-config\n".utf8))

      // Blue and green coexist: a second generation is a second template.
      request.name = "immplan-web-g2"
      request.clientToken = "immplan-lt-web-g2"
      _ = try await ec2.createLaunchTemplate(request)
      #expect(try await ec2.describeLaunchTemplates().count == 2)

      try await ec2.deleteLaunchTemplate(name: "immplan-web-g1")
      try await ec2.deleteLaunchTemplate(name: "immplan-web-g2")
      #expect(try await ec2.describeLaunchTemplates(names: ["immplan-web-g1"]).isEmpty)
    }
  }
}
