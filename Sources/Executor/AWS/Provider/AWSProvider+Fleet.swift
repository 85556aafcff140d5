import Foundation
import ImmplanParser

extension AWSProvider {
  /// Adopts a group already created under the planned name, else creates it with the launch
  /// template pinned to its latest version (templates are immutable, so that is version 1).
  /// moto overwrites a group of the same name where AWS refuses, so the lookup comes first.
  func createFleet(plannedName: String, identity values: [String: Value], context: ProviderContext)
    async throws(ProviderError) -> CreatedObject
  {
    if let existing = try await group(plannedName), existing.status == nil {
      return fleetObject(existing, plannedName: plannedName)
    }
    let identity = IdentityValues(values)
    guard let templateReference = identity.string("launch_template"), let minSize = identity.int("min_size"),
      let maxSize = identity.int("max_size")
    else {
      throw .permanent(
        code: "ValidationError", message: "fleet `\(plannedName)` needs `launch_template`, `min_size` and `max_size`")
    }
    let byID = templateReference.hasPrefix("lt-")
    let template = try await call { () async throws(AWSError) in
      byID
        ? try await ec2.describeLaunchTemplates(ids: [templateReference])
        : try await ec2.describeLaunchTemplates(names: [templateReference])
    }.first
    guard let template else {
      throw .permanent(
        code: "InvalidLaunchTemplateName.NotFoundException",
        message: "launch template `\(templateReference)` does not exist")
    }
    var request = AutoScalingGroupRequest(
      name: plannedName, launchTemplateName: template.name, launchTemplateVersion: template.latestVersion,
      minSize: minSize, maxSize: maxSize, desiredCapacity: identity.int("desired_capacity") ?? minSize)
    request.launchTemplateID = template.id
    request.availabilityZones = identity.strings("zones")
    request.subnetIDs = identity.strings("subnets")
    request.targetGroupARNs = identity.strings("target_groups")
    // `health_check` is an immplan setting, not identity: the executor passes it in the context.
    if let gate = context.healthGate {
      request.healthCheckType = gate.checkType.uppercased()
      request.healthCheckGracePeriod = Int(gate.gracePeriod.components.seconds)
    } else if let check = values["health_check"]?.mapValue {
      request.healthCheckType = (check["type"]?.stringValue ?? "ec2").uppercased()
      request.healthCheckGracePeriod = check["grace_period"]?.durationValue.map { Int($0.milliseconds / 1000) }
    } else if !request.targetGroupARNs.isEmpty {
      request.healthCheckType = "ELB"
    }
    request.tags = Self.tags(plannedName: plannedName, context: context, identity: identity)
    try await call { () async throws(AWSError) in try await autoScaling.createAutoScalingGroup(request) }
    let created = try await poll("Auto Scaling group `\(plannedName)` did not appear", timeout: options.deleteTimeout) {
      () async throws(ProviderError) -> AutoScalingGroup? in try await group(plannedName)
    }
    return fleetObject(created, plannedName: plannedName)
  }

  /// Detaches the group from its target groups, lets connections drain (bounded by `drainTime`),
  /// deletes it with `ForceDelete` and waits until it is gone. A group already gone is fine.
  func destroyFleet(name: String) async throws(ProviderError) {
    guard let existing = try await group(name) else { return }
    if existing.status == nil {
      if !existing.targetGroupARNs.isEmpty {
        try await call { () async throws(AWSError) in
          try await autoScaling.detachTargetGroups(groupName: name, targetGroupARNs: existing.targetGroupARNs)
        }
        if options.drainTime > .zero { try await pause(options.drainTime) }
      }
      do {
        try await autoScaling.deleteAutoScalingGroup(name: name, forceDelete: true)
      } catch {
        // Already being deleted or gone: both end where we want to be.
        if error.code != "ValidationError" && error.code != "ScalingActivityInProgress" {
          throw Self.providerError(error)
        }
      }
    }
    _ = try await poll("Auto Scaling group `\(name)` was not deleted", timeout: options.deleteTimeout) {
      () async throws(ProviderError) -> Bool? in try await group(name) == nil ? true : nil
    }
  }

  /// Compares sizes, template, placement, target groups and tags with the identity.
  func readFleet(name: String, identity values: [String: Value]) async throws(ProviderError) -> ReadResult {
    guard let existing = try await group(name), existing.status == nil else { return .missing }
    let identity = IdentityValues(values)
    var reasons: [String] = []
    func compare(_ key: String, _ have: Int, _ want: Int?) {
      if let want, have != want { reasons.append("`\(key)` is \(have), not \(want)") }
    }
    compare("min_size", existing.minSize, identity.int("min_size"))
    compare("max_size", existing.maxSize, identity.int("max_size"))
    compare("desired_capacity", existing.desiredCapacity, identity.int("desired_capacity") ?? identity.int("min_size"))
    if let reference = identity.string("launch_template"),
      reference != existing.launchTemplateID && reference != existing.launchTemplateName
    {
      reasons.append(
        "`launch_template` is `\(existing.launchTemplateID ?? existing.launchTemplateName ?? "")`, not `\(reference)`")
    }
    let zones = identity.strings("zones")
    if !zones.isEmpty && existing.availabilityZones.sorted() != zones.sorted() {
      reasons.append("`zones` are \(existing.availabilityZones.sorted()), not \(zones.sorted())")
    }
    let subnets = identity.strings("subnets")
    if !subnets.isEmpty && existing.subnetIDs.sorted() != subnets.sorted() {
      reasons.append("`subnets` are \(existing.subnetIDs.sorted()), not \(subnets.sorted())")
    }
    if existing.targetGroupARNs.sorted() != identity.strings("target_groups").sorted() {
      reasons.append(
        "`target_groups` are \(existing.targetGroupARNs.sorted()), not \(identity.strings("target_groups").sorted())")
    }
    for (key, value) in identity.stringMap("tags") where existing.tags[tag: key] != value {
      reasons.append("tag `\(key)` is `\(existing.tags[tag: key] ?? "")`, not `\(value)`")
    }
    return reasons.isEmpty ? .matches : .drifted(reasons: reasons)
  }

  func findFleet(plannedName: String) async throws(ProviderError) -> CreatedObject? {
    guard let existing = try await group(plannedName), existing.status == nil else { return nil }
    return fleetObject(existing, plannedName: plannedName)
  }

  /// Instances `InService` and `Healthy`; the next look after the poll interval.
  public func fleetHealth(fleetID: String, plannedName: String, context: ProviderContext)
    async throws(ProviderError) -> FleetHealth
  {
    guard let current = try await group(fleetID) else {
      throw .permanent(code: "ValidationError", message: "Auto Scaling group `\(plannedName)` not found")
    }
    return FleetHealth(healthy: current.healthyInServiceCount, nextLook: options.pollInterval)
  }

  private func group(_ name: String) async throws(ProviderError) -> AutoScalingGroup? {
    try await call { () async throws(AWSError) in try await autoScaling.autoScalingGroup(named: name) }
  }

  private func fleetObject(_ group: AutoScalingGroup, plannedName: String) -> CreatedObject {
    var outputs: [String: Value] = ["id": .string(group.name), "name": .string(group.name)]
    if let arn = group.arn { outputs["arn"] = .string(arn) }
    return CreatedObject(kind: .fleet, cloudID: group.name, plannedName: plannedName, outputs: outputs)
  }

  static func duration(from start: Date, to end: Date) -> Duration {
    .milliseconds(max(1, Int64(saturating: (end.timeIntervalSince(start) * 1000).rounded(.up))))
  }
}
