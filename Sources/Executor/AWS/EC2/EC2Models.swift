import Foundation

/// An EC2 instance as `DescribeInstances` and `RunInstances` report it.
public struct EC2Instance: Sendable, Hashable {
  public var id: String
  public var imageID: String
  /// `pending`, `running`, `shutting-down`, `terminated`, `stopping`, `stopped`.
  public var state: String
  public var instanceType: String
  public var availabilityZone: String?
  public var tags: [AWSTag]

  init(_ item: XMLTree) {
    id = item.string("instanceId") ?? ""
    imageID = item.string("imageId") ?? ""
    state = item.string("instanceState", "name") ?? ""
    instanceType = item.string("instanceType") ?? ""
    availabilityZone = item.string("placement", "availabilityZone")
    tags = AWSTag.list(item["tagSet"])
  }
}

/// An AMI as `DescribeImages` reports it.
public struct EC2Image: Sendable, Hashable {
  public var id: String
  public var name: String
  /// `pending`, `available`, `failed`, …
  public var state: String
  public var ownerID: String?
  public var creationDate: String?
  /// EBS snapshots behind the image, deleted with it.
  public var snapshotIDs: [String]
  public var tags: [AWSTag]

  init(_ item: XMLTree) {
    id = item.string("imageId") ?? ""
    name = item.string("name") ?? ""
    state = item.string("imageState") ?? ""
    ownerID = item.string("imageOwnerId")
    creationDate = item.string("creationDate")
    snapshotIDs = (item["blockDeviceMapping"]?.items ?? []).compactMap { $0.string("ebs", "snapshotId") }
      .filter { !$0.isEmpty }
    tags = AWSTag.list(item["tagSet"])
  }
}

/// A launch template's identity and versions.
public struct EC2LaunchTemplate: Sendable, Hashable {
  public var id: String
  public var name: String
  public var defaultVersion: Int
  public var latestVersion: Int
  public var tags: [AWSTag]

  init(_ item: XMLTree) {
    id = item.string("launchTemplateId") ?? ""
    name = item.string("launchTemplateName") ?? ""
    defaultVersion = Int(item.string("defaultVersionNumber") ?? "") ?? 1
    latestVersion = Int(item.string("latestVersionNumber") ?? "") ?? 1
    tags = AWSTag.list(item["tagSet"] ?? item["tags"])
  }
}

/// The settings a launch template version holds, as `DescribeLaunchTemplateVersions` reports them (drift checks).
public struct EC2LaunchTemplateData: Sendable, Hashable {
  public var imageID: String?
  public var instanceType: String?
  /// Decoded user data.
  public var userData: [UInt8]?
  public var keyName: String?
  public var securityGroupIDs: [String]

  init(_ data: XMLTree) {
    imageID = data.string("imageId")
    instanceType = data.string("instanceType")
    userData = data.string("userData").flatMap { Data(base64Encoded: $0).map { Array($0) } }
    keyName = data.string("keyName")
    securityGroupIDs = (data["securityGroupIdSet"]?.items ?? data["securityGroupIds"]?.items ?? [])
      .map { $0.string("securityGroupId") ?? $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
  }
}

/// Parameters of `RunInstances` for one builder instance.
public struct EC2RunInstancesRequest: Sendable, Hashable {
  public var imageID: String
  public var instanceType: String
  /// Raw user data; base64-encoded when sent.
  public var userData: [UInt8]?
  public var keyName: String?
  public var securityGroupIDs: [String] = []
  public var subnetID: String?
  public var instanceProfileName: String?
  /// Tags for the instance and its volumes.
  public var tags: [AWSTag] = []
  /// Idempotency token: a retried or re-run call with the same token returns the same instance.
  public var clientToken: String?
  /// `stop` or `terminate`: what a shutdown from inside the instance does.
  public var shutdownBehavior: String?

  public init(imageID: String, instanceType: String) {
    self.imageID = imageID
    self.instanceType = instanceType
  }
}

/// Parameters of `CreateLaunchTemplate`.
public struct EC2LaunchTemplateRequest: Sendable, Hashable {
  public var name: String
  public var imageID: String
  public var instanceType: String
  /// Raw user data; base64-encoded when sent.
  public var userData: [UInt8]?
  public var keyName: String?
  public var securityGroupIDs: [String] = []
  public var instanceProfileName: String?
  /// Tags on the template itself.
  public var tags: [AWSTag] = []
  /// Tags the template puts on the instances and volumes it launches.
  public var instanceTags: [AWSTag] = []
  public var clientToken: String?

  public init(name: String, imageID: String, instanceType: String) {
    self.name = name
    self.imageID = imageID
    self.instanceType = instanceType
  }
}
