import Foundation
import TestSupport
import Testing

@testable import ImmplanExecutor

extension AWSMotoTests {
  @Suite struct AutoScaling {
    /// Creates a target group through ELBv2 (Query protocol, 2015-12-01) in the default VPC.
    static func targetGroup(_ configuration: AWSConfiguration, ec2: EC2Client) async throws -> String {
      let vpcs = try await ec2.query.call("DescribeVpcs")
      let vpc = try #require(vpcs["vpcSet"]?.items.first?.string("vpcId"))
      let elb = QueryClient(
        client: AWSServiceClient(service: "elasticloadbalancing", configuration: configuration), version: "2015-12-01")
      var parameters = QueryParameters()
      parameters.add("Name", "immplan-web")
      parameters.add("Protocol", "HTTP")
      parameters.add("Port", 80)
      parameters.add("VpcId", vpc)
      let tree = try await elb.call("CreateTargetGroup", parameters)
      return try #require(tree.first(named: "TargetGroupArn")?.text)
    }

    @Test(.requiresMoto) func fleetLifecycle() async throws {
      let endpoint = try MotoEndpoint.required()
      let configuration = AWSTestConfiguration.moto(endpoint: endpoint)
      let ec2 = EC2Client(configuration: configuration)
      let autoScaling = AutoScalingClient(configuration: configuration)
      let source = try await AWSMotoTests.someAMI(ec2)
      let template = try await ec2.createLaunchTemplate(
        EC2LaunchTemplateRequest(name: "immplan-web-g1", imageID: source, instanceType: "t3.micro"))
      let targetGroup = try await Self.targetGroup(configuration, ec2: ec2)

      #expect(try await autoScaling.autoScalingGroup(named: "immplan-web-g1") == nil)
      var request = AutoScalingGroupRequest(
        name: "immplan-web-g1", launchTemplateName: template.name, launchTemplateVersion: template.latestVersion,
        minSize: 2, maxSize: 4, desiredCapacity: 2)
      request.availabilityZones = ["us-east-1a", "us-east-1b"]
      request.targetGroupARNs = [targetGroup]
      request.healthCheckType = "ELB"
      request.healthCheckGracePeriod = 30
      request.tags = [AWSTag("immplan:address", "fleet.web"), AWSTag("Name", "web")]
      try await autoScaling.createAutoScalingGroup(request)

      let group = try #require(try await autoScaling.autoScalingGroup(named: "immplan-web-g1"))
      #expect(group.launchTemplateName == "immplan-web-g1")
      #expect(group.launchTemplateVersion == "1")
      #expect((group.minSize, group.maxSize, group.desiredCapacity) == (2, 4, 2))
      #expect(group.availabilityZones.sorted() == ["us-east-1a", "us-east-1b"])
      #expect(group.targetGroupARNs == [targetGroup])
      #expect(group.healthCheckType == "ELB")
      #expect(group.healthCheckGracePeriod == 30)
      #expect(group.tags[tag: "immplan:address"] == "fleet.web")
      #expect(group.instances.count == 2)
      #expect(group.healthyInServiceCount == 2)

      // Propagated tags reach the instances.
      let instances = try await ec2.describeInstances(ids: group.instances.map(\.id))
      #expect(instances.allSatisfy { $0.tags[tag: "immplan:address"] == "fleet.web" })

      try await autoScaling.detachTargetGroups(groupName: group.name, targetGroupARNs: group.targetGroupARNs)
      let detached = try #require(try await autoScaling.autoScalingGroup(named: "immplan-web-g1"))
      #expect(detached.targetGroupARNs.isEmpty)

      try await autoScaling.deleteAutoScalingGroup(name: "immplan-web-g1", forceDelete: true)
      #expect(try await autoScaling.autoScalingGroup(named: "immplan-web-g1") == nil)
      try await ec2.deleteLaunchTemplate(name: template.name)
    }

    @Test(.requiresMoto) func listsAcrossGroupsAndSubnets() async throws {
      let endpoint = try MotoEndpoint.required()
      let configuration = AWSTestConfiguration.moto(endpoint: endpoint)
      let ec2 = EC2Client(configuration: configuration)
      let autoScaling = AutoScalingClient(configuration: configuration)
      let source = try await AWSMotoTests.someAMI(ec2)
      _ = try await ec2.createLaunchTemplate(
        EC2LaunchTemplateRequest(name: "immplan-api-g1", imageID: source, instanceType: "t3.micro"))
      let subnets = try await ec2.query.call("DescribeSubnets")
      let subnetIDs = (subnets["subnetSet"]?.items ?? []).compactMap { $0.string("subnetId") }.prefix(2)
      #expect(subnetIDs.count == 2)
      for name in ["immplan-api-g1", "immplan-api-g2"] {
        var request = AutoScalingGroupRequest(
          name: name, launchTemplateName: "immplan-api-g1", launchTemplateVersion: 1, minSize: 1, maxSize: 1,
          desiredCapacity: 1)
        request.subnetIDs = Array(subnetIDs)
        try await autoScaling.createAutoScalingGroup(request)
      }
      let groups = try await autoScaling.describeAutoScalingGroups()
      // Pagination against the real thing: one group per page, following NextToken.
      var onePerPage = QueryParameters()
      onePerPage.add("MaxRecords", 1)
      var pages = 0
      let paged = try await autoScaling.query.callPaginated("DescribeAutoScalingGroups", onePerPage) {
        tree throws(AWSError) in
        pages += 1
        return (tree.first(named: "AutoScalingGroups")?.items ?? []).map(AutoScalingGroup.init)
      }
      #expect(pages >= 2)
      #expect(paged.map(\.name).sorted() == ["immplan-api-g1", "immplan-api-g2"])
      var oneInstancePerPage = QueryParameters()
      oneInstancePerPage.add("MaxResults", 5)
      let instances = try await ec2.query.callPaginated("DescribeInstances", oneInstancePerPage) {
        tree throws(AWSError) in
        (tree["reservationSet"]?.items ?? []).flatMap { ($0["instancesSet"]?.items ?? []).map(EC2Instance.init) }
      }
      #expect(instances.count == 2)
      #expect(groups.map(\.name).sorted() == ["immplan-api-g1", "immplan-api-g2"])
      #expect(groups.first?.subnetIDs.sorted() == subnetIDs.sorted())
      for group in groups { try await autoScaling.deleteAutoScalingGroup(name: group.name) }
      #expect(try await autoScaling.describeAutoScalingGroups().isEmpty)
    }
  }
}
