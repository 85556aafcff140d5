import Foundation

/// The EC2 calls immplan needs, over the Query protocol (API version 2016-11-15).
///
/// Errors are AWS's own (`InvalidAMIID.NotFound: …`); "not found" answers of describe calls by name
/// come back as empty lists where AWS allows, so callers can adopt-or-create after a crash.
public struct EC2Client: Sendable {
  static let version = "2016-11-15"
  let query: QueryClient

  public init(configuration: AWSConfiguration) {
    query = QueryClient(client: AWSServiceClient(service: .ec2, configuration: configuration), version: Self.version)
  }

  // MARK: - Instances

  /// Launches exactly one instance and returns it as first reported (usually `pending`).
  public func runInstance(_ request: EC2RunInstancesRequest) async throws(AWSError) -> EC2Instance {
    var parameters = QueryParameters()
    parameters.add("ImageId", request.imageID)
    parameters.add("InstanceType", request.instanceType)
    parameters.add("MinCount", 1)
    parameters.add("MaxCount", 1)
    parameters.add("UserData", request.userData.map { Data($0).base64EncodedString() })
    parameters.add("KeyName", request.keyName)
    parameters.addList("SecurityGroupId", request.securityGroupIDs)
    parameters.add("SubnetId", request.subnetID)
    parameters.add("IamInstanceProfile.Name", request.instanceProfileName)
    parameters.add("ClientToken", request.clientToken)
    parameters.add("InstanceInitiatedShutdownBehavior", request.shutdownBehavior)
    parameters.addTagSpecifications([
      (resourceType: "instance", tags: request.tags), (resourceType: "volume", tags: request.tags),
    ])
    let tree = try await query.call("RunInstances", parameters)
    guard let item = tree["instancesSet"]?.items.first else {
      throw .malformedResponse(operation: "RunInstances", reason: "no instance in the answer")
    }
    return EC2Instance(item)
  }

  /// Instances by ID and/or filters, across all pages.
  public func describeInstances(ids: [String] = [], filters: [EC2Filter] = []) async throws(AWSError) -> [EC2Instance] {
    var parameters = QueryParameters()
    parameters.addList("InstanceId", ids)
    parameters.addFilters(filters)
    return try await query.callPaginated("DescribeInstances", parameters) { tree throws(AWSError) in
      (tree["reservationSet"]?.items ?? []).flatMap { ($0["instancesSet"]?.items ?? []).map(EC2Instance.init) }
    }
  }

  /// Asks EC2 to terminate `ids`; returns each instance's new state.
  @discardableResult
  public func terminateInstances(ids: [String]) async throws(AWSError) -> [String: String] {
    guard !ids.isEmpty else { return [:] }
    var parameters = QueryParameters()
    parameters.addList("InstanceId", ids)
    let tree = try await query.call("TerminateInstances", parameters)
    var states: [String: String] = [:]
    for item in tree["instancesSet"]?.items ?? [] {
      if let id = item.string("instanceId") { states[id] = item.string("currentState", "name") ?? "" }
    }
    return states
  }

  // MARK: - Images

  /// Creates an AMI from `instanceID` named `name`, tagged with `tags`; returns its ID.
  public func createImage(instanceID: String, name: String, description: String? = nil, tags: [AWSTag] = [])
    async throws(AWSError) -> String
  {
    var parameters = QueryParameters()
    parameters.add("InstanceId", instanceID)
    parameters.add("Name", name)
    parameters.add("Description", description)
    parameters.addTagSpecifications([(resourceType: "image", tags: tags)])
    let tree = try await query.call("CreateImage", parameters)
    guard let id = tree.string("imageId"), !id.isEmpty else {
      throw .malformedResponse(operation: "CreateImage", reason: "no imageId in the answer")
    }
    return id
  }

  /// Images by ID, owners (`self`) and filters (`tag:immplan:digest`), across all pages.
  public func describeImages(ids: [String] = [], owners: [String] = [], filters: [EC2Filter] = [])
    async throws(AWSError)
    -> [EC2Image]
  {
    var parameters = QueryParameters()
    parameters.addList("ImageId", ids)
    parameters.addList("Owner", owners)
    parameters.addFilters(filters)
    return try await query.callPaginated("DescribeImages", parameters) { tree throws(AWSError) in
      (tree["imagesSet"]?.items ?? []).map(EC2Image.init)
    }
  }

  public func deregisterImage(id: String) async throws(AWSError) {
    var parameters = QueryParameters()
    parameters.add("ImageId", id)
    _ = try await query.call("DeregisterImage", parameters)
  }

  public func deleteSnapshot(id: String) async throws(AWSError) {
    var parameters = QueryParameters()
    parameters.add("SnapshotId", id)
    _ = try await query.call("DeleteSnapshot", parameters)
  }

  /// Adds or overwrites `tags` on every resource in `resourceIDs`.
  public func createTags(resourceIDs: [String], tags: [AWSTag]) async throws(AWSError) {
    guard !resourceIDs.isEmpty, !tags.isEmpty else { return }
    var parameters = QueryParameters()
    parameters.addList("ResourceId", resourceIDs)
    parameters.addTags("Tag", tags)
    _ = try await query.call("CreateTags", parameters)
  }

  // MARK: - Launch templates

  /// Creates a launch template (version 1) and returns it.
  public func createLaunchTemplate(_ request: EC2LaunchTemplateRequest) async throws(AWSError) -> EC2LaunchTemplate {
    var parameters = QueryParameters()
    parameters.add("LaunchTemplateName", request.name)
    parameters.add("ClientToken", request.clientToken)
    parameters.add("LaunchTemplateData.ImageId", request.imageID)
    parameters.add("LaunchTemplateData.InstanceType", request.instanceType)
    parameters.add("LaunchTemplateData.UserData", request.userData.map { Data($0).base64EncodedString() })
    parameters.add("LaunchTemplateData.KeyName", request.keyName)
    parameters.addList("LaunchTemplateData.SecurityGroupId", request.securityGroupIDs)
    parameters.add("LaunchTemplateData.IamInstanceProfile.Name", request.instanceProfileName)
    if !request.instanceTags.isEmpty {
      parameters.add("LaunchTemplateData.TagSpecification.1.ResourceType", "instance")
      parameters.addTags("LaunchTemplateData.TagSpecification.1.Tag", request.instanceTags)
      parameters.add("LaunchTemplateData.TagSpecification.2.ResourceType", "volume")
      parameters.addTags("LaunchTemplateData.TagSpecification.2.Tag", request.instanceTags)
    }
    parameters.addTagSpecifications([(resourceType: "launch-template", tags: request.tags)])
    let tree = try await query.call("CreateLaunchTemplate", parameters)
    guard let item = tree["launchTemplate"] else {
      throw .malformedResponse(operation: "CreateLaunchTemplate", reason: "no launchTemplate in the answer")
    }
    return EC2LaunchTemplate(item)
  }

  /// Launch templates by name (missing names yield an empty list, not an error) and filters.
  public func describeLaunchTemplates(names: [String] = [], ids: [String] = [], filters: [EC2Filter] = [])
    async throws(AWSError) -> [EC2LaunchTemplate]
  {
    var parameters = QueryParameters()
    parameters.addList("LaunchTemplateName", names)
    parameters.addList("LaunchTemplateId", ids)
    parameters.addFilters(filters)
    do {
      return try await query.callPaginated("DescribeLaunchTemplates", parameters) { tree throws(AWSError) in
        (tree["launchTemplates"]?.items ?? []).map(EC2LaunchTemplate.init)
      }
    } catch {
      if Self.isNotFound(error) { return [] }
      throw error
    }
  }

  /// The settings of one version (`"$Latest"`, `"$Default"` or a number) of the template `name`.
  public func describeLaunchTemplateVersion(name: String? = nil, id: String? = nil, version: String)
    async throws(AWSError)
    -> EC2LaunchTemplateData?
  {
    var parameters = QueryParameters()
    parameters.add("LaunchTemplateName", name)
    parameters.add("LaunchTemplateId", id)
    parameters.addList("LaunchTemplateVersion", [version])
    do {
      let tree = try await query.call("DescribeLaunchTemplateVersions", parameters)
      return tree["launchTemplateVersionSet"]?.items.first?["launchTemplateData"].map(EC2LaunchTemplateData.init)
    } catch {
      if Self.isNotFound(error) { return nil }
      throw error
    }
  }

  /// Deletes the template `name` (or `id`) and all its versions.
  public func deleteLaunchTemplate(name: String? = nil, id: String? = nil) async throws(AWSError) {
    var parameters = QueryParameters()
    parameters.add("LaunchTemplateName", name)
    parameters.add("LaunchTemplateId", id)
    _ = try await query.call("DeleteLaunchTemplate", parameters)
  }

  /// Whether `error` says the named object does not exist (`….NotFound`, `….NotFoundException`).
  public static func isNotFound(_ error: AWSError) -> Bool {
    guard let code = error.code else { return false }
    return code.hasSuffix(".NotFound") || code.hasSuffix("NotFoundException") || code.hasSuffix(".Unknown")
  }
}
