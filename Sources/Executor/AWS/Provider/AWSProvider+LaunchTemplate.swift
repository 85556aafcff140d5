import Foundation
import ImmplanParser

extension AWSProvider {
  /// Adopts a template already created under the planned name (an interrupted apply), else creates it
  /// (client token from the planned name), tagged and with base64 user data.
  func createLaunchTemplate(plannedName: String, identity values: [String: Value], context: ProviderContext)
    async throws(ProviderError) -> CreatedObject
  {
    if let existing = try await findLaunchTemplate(plannedName: plannedName) { return existing }
    let identity = IdentityValues(values)
    guard let image = identity.string("image"), let instanceType = identity.string("instance_type") else {
      throw .permanent(
        code: "ValidationError", message: "launch template `\(plannedName)` needs `image` and `instance_type`")
    }
    var request = EC2LaunchTemplateRequest(name: plannedName, imageID: image, instanceType: instanceType)
    request.userData = identity.string("user_data").map { Array($0.utf8) }
    request.keyName = identity.string("key_name")
    request.securityGroupIDs = identity.strings("security_groups")
    request.tags = Self.tags(plannedName: plannedName, context: context, identity: identity)
    request.clientToken = Self.clientToken("launch-template", plannedName: plannedName)
    let template = try await call { () async throws(AWSError) in try await ec2.createLaunchTemplate(request) }
    return templateObject(template, plannedName: plannedName)
  }

  func destroyLaunchTemplate(id: String) async throws(ProviderError) {
    do {
      try await ec2.deleteLaunchTemplate(id: id)
    } catch {
      if !EC2Client.isNotFound(error) { throw Self.providerError(error) }
    }
  }

  /// Compares the template's version with the identity: image, instance type, user data, key, groups.
  func readLaunchTemplate(id: String, identity values: [String: Value]) async throws(ProviderError) -> ReadResult {
    let data: EC2LaunchTemplateData?
    do {
      guard try await !ec2.describeLaunchTemplates(ids: [id]).isEmpty else { return .missing }
      data = try await ec2.describeLaunchTemplateVersion(id: id, version: "$Latest")
    } catch {
      if EC2Client.isNotFound(error) { return .missing }
      throw Self.providerError(error)
    }
    guard let data else { return .missing }
    let identity = IdentityValues(values)
    var reasons: [String] = []
    func compare(_ name: String, _ have: String?, _ want: String?) {
      if (have ?? "") != (want ?? "") { reasons.append("`\(name)` is `\(have ?? "")`, not `\(want ?? "")`") }
    }
    compare("image", data.imageID, identity.string("image"))
    compare("instance_type", data.instanceType, identity.string("instance_type"))
    compare("key_name", data.keyName, identity.string("key_name"))
    if data.userData.map({ String(decoding: $0, as: UTF8.self) }) ?? "" != identity.string("user_data") ?? "" {
      reasons.append("`user_data` changed")
    }
    if data.securityGroupIDs.sorted() != identity.strings("security_groups").sorted() {
      reasons.append(
        "`security_groups` are \(data.securityGroupIDs.sorted()), not \(identity.strings("security_groups").sorted())")
    }
    return reasons.isEmpty ? .matches : .drifted(reasons: reasons)
  }

  func findLaunchTemplate(plannedName: String) async throws(ProviderError) -> CreatedObject? {
    let templates = try await call { () async throws(AWSError) in
      try await ec2.describeLaunchTemplates(names: [plannedName])
    }
    return templates.first { $0.name == plannedName }.map { templateObject($0, plannedName: plannedName) }
  }

  private func templateObject(_ template: EC2LaunchTemplate, plannedName: String) -> CreatedObject {
    CreatedObject(
      kind: .launchTemplate, cloudID: template.id, plannedName: plannedName,
      outputs: ["id": .string(template.id), "name": .string(template.name)])
  }
}
