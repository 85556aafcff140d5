/// The Auto Scaling calls immplan needs, over the Query protocol (API version 2011-01-01).
///
/// `UpdateAutoScalingGroup` is deliberately absent: a fleet is replaced, never changed in place.
public struct AutoScalingClient: Sendable {
  static let version = "2011-01-01"
  let query: QueryClient

  public init(configuration: AWSConfiguration) {
    query = QueryClient(
      client: AWSServiceClient(service: .autoScaling, configuration: configuration), version: Self.version)
  }

  /// Creates the group. Beware: moto silently overwrites a group with the same name, where AWS answers
  /// `AlreadyExists`; callers look a name up first when they adopt.
  public func createAutoScalingGroup(_ request: AutoScalingGroupRequest) async throws(AWSError) {
    var parameters = QueryParameters()
    parameters.add("AutoScalingGroupName", request.name)
    if let id = request.launchTemplateID {
      parameters.add("LaunchTemplate.LaunchTemplateId", id)
    } else {
      parameters.add("LaunchTemplate.LaunchTemplateName", request.launchTemplateName)
    }
    parameters.add("LaunchTemplate.Version", String(request.launchTemplateVersion))
    parameters.add("MinSize", request.minSize)
    parameters.add("MaxSize", request.maxSize)
    parameters.add("DesiredCapacity", request.desiredCapacity)
    parameters.addList("AvailabilityZones.member", request.availabilityZones)
    if !request.subnetIDs.isEmpty { parameters.add("VPCZoneIdentifier", request.subnetIDs.joined(separator: ",")) }
    parameters.addList("TargetGroupARNs.member", request.targetGroupARNs)
    parameters.add("HealthCheckType", request.healthCheckType)
    parameters.add("HealthCheckGracePeriod", request.healthCheckGracePeriod)
    for (index, tag) in request.tags.enumerated() {
      let prefix = "Tags.member.\(index + 1)"
      parameters.add("\(prefix).ResourceId", request.name)
      parameters.add("\(prefix).ResourceType", "auto-scaling-group")
      parameters.add("\(prefix).Key", tag.key)
      parameters.add("\(prefix).Value", tag.value)
      parameters.add("\(prefix).PropagateAtLaunch", true)
    }
    _ = try await query.call("CreateAutoScalingGroup", parameters)
  }

  /// Groups by name (all groups when `names` is empty), across all pages. Missing names are left out.
  public func describeAutoScalingGroups(names: [String] = []) async throws(AWSError) -> [AutoScalingGroup] {
    var parameters = QueryParameters()
    parameters.addList("AutoScalingGroupNames.member", names)
    return try await query.callPaginated("DescribeAutoScalingGroups", parameters) { tree throws(AWSError) in
      (tree.first(named: "AutoScalingGroups")?.items ?? []).map(AutoScalingGroup.init)
    }
  }

  /// The group `name`, or nil when it does not exist.
  public func autoScalingGroup(named name: String) async throws(AWSError) -> AutoScalingGroup? {
    try await describeAutoScalingGroups(names: [name]).first { $0.name == name }
  }

  /// Stops `targetGroupARNs` from routing to the group; the load balancer then drains its instances.
  public func detachTargetGroups(groupName: String, targetGroupARNs: [String]) async throws(AWSError) {
    guard !targetGroupARNs.isEmpty else { return }
    var parameters = QueryParameters()
    parameters.add("AutoScalingGroupName", groupName)
    parameters.addList("TargetGroupARNs.member", targetGroupARNs)
    _ = try await query.call("DetachLoadBalancerTargetGroups", parameters)
  }

  /// Deletes the group; `forceDelete` terminates its instances without waiting for them to scale in.
  public func deleteAutoScalingGroup(name: String, forceDelete: Bool = true) async throws(AWSError) {
    var parameters = QueryParameters()
    parameters.add("AutoScalingGroupName", name)
    parameters.add("ForceDelete", forceDelete)
    _ = try await query.call("DeleteAutoScalingGroup", parameters)
  }
}
