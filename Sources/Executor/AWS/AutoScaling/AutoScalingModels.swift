/// An Auto Scaling group as `DescribeAutoScalingGroups` reports it.
public struct AutoScalingGroup: Sendable, Hashable {
  public var name: String
  public var arn: String?
  public var minSize: Int
  public var maxSize: Int
  public var desiredCapacity: Int
  public var launchTemplateName: String?
  public var launchTemplateID: String?
  public var launchTemplateVersion: String?
  public var availabilityZones: [String]
  /// Subnet IDs, split from the comma-separated `VPCZoneIdentifier`.
  public var subnetIDs: [String]
  public var targetGroupARNs: [String]
  public var healthCheckType: String
  public var healthCheckGracePeriod: Int?
  /// `Delete in progress` while a delete runs; nil otherwise.
  public var status: String?
  public var instances: [AutoScalingInstance]
  public var tags: [AWSTag]

  /// Instances `InService` and `Healthy`: what the fleet's health gate counts.
  public var healthyInServiceCount: Int {
    instances.filter { $0.lifecycleState == "InService" && $0.healthStatus == "Healthy" }.count
  }

  init(_ member: XMLTree) {
    name = member.string("AutoScalingGroupName") ?? ""
    arn = member.string("AutoScalingGroupARN")
    minSize = Int(member.string("MinSize") ?? "") ?? 0
    maxSize = Int(member.string("MaxSize") ?? "") ?? 0
    desiredCapacity = Int(member.string("DesiredCapacity") ?? "") ?? 0
    launchTemplateName = member.string("LaunchTemplate", "LaunchTemplateName")
    launchTemplateID = member.string("LaunchTemplate", "LaunchTemplateId")
    launchTemplateVersion = member.string("LaunchTemplate", "Version")
    availabilityZones = (member["AvailabilityZones"]?.items ?? []).map { $0.text.trimmingWhitespace }
    subnetIDs = (member.string("VPCZoneIdentifier") ?? "").split(separator: ",").map { String($0).trimmingWhitespace }
      .filter { !$0.isEmpty }
    targetGroupARNs = (member["TargetGroupARNs"]?.items ?? []).map { $0.text.trimmingWhitespace }
    healthCheckType = member.string("HealthCheckType") ?? "EC2"
    healthCheckGracePeriod = member.string("HealthCheckGracePeriod").flatMap { Int($0) }
    status = member.string("Status").flatMap { $0.isEmpty ? nil : $0 }
    instances = (member["Instances"]?.items ?? []).map(AutoScalingInstance.init)
    tags = AWSTag.list(member["Tags"])
  }
}

/// One instance of an Auto Scaling group.
public struct AutoScalingInstance: Sendable, Hashable {
  public var id: String
  /// `Pending`, `InService`, `Terminating`, …
  public var lifecycleState: String
  /// `Healthy` or `Unhealthy`.
  public var healthStatus: String
  public var availabilityZone: String?

  init(_ member: XMLTree) {
    id = member.string("InstanceId") ?? ""
    lifecycleState = member.string("LifecycleState") ?? ""
    healthStatus = member.string("HealthStatus") ?? ""
    availabilityZone = member.string("AvailabilityZone")
  }
}

/// Parameters of `CreateAutoScalingGroup`. Groups are never updated in place (immutability): a change
/// is a new group with a new name.
public struct AutoScalingGroupRequest: Sendable, Hashable {
  public var name: String
  /// The template by name, or by ID when `launchTemplateID` is set (then the name is ignored).
  public var launchTemplateName: String
  public var launchTemplateID: String?
  /// Pinned version number, never `$Latest`, so the group keeps launching what was planned.
  public var launchTemplateVersion: Int
  public var minSize: Int
  public var maxSize: Int
  public var desiredCapacity: Int
  public var availabilityZones: [String] = []
  public var subnetIDs: [String] = []
  public var targetGroupARNs: [String] = []
  /// `EC2` or `ELB`.
  public var healthCheckType: String = "EC2"
  public var healthCheckGracePeriod: Int?
  /// Tags on the group, propagated to the instances it launches.
  public var tags: [AWSTag] = []

  public init(
    name: String, launchTemplateName: String, launchTemplateVersion: Int, minSize: Int, maxSize: Int,
    desiredCapacity: Int
  ) {
    self.name = name
    self.launchTemplateName = launchTemplateName
    self.launchTemplateVersion = launchTemplateVersion
    self.minSize = minSize
    self.maxSize = maxSize
    self.desiredCapacity = desiredCapacity
  }
}

extension String {
  var trimmingWhitespace: String {
    var scalars = Substring(self)
    while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
    while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
    return String(scalars)
  }
}
