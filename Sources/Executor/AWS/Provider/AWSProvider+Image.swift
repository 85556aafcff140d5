import Foundation
import ImmplanParser
import ImmplanSupport

extension AWSProvider {
  // MARK: - Create

  /// Reuses an AMI already tagged with this digest (unless the plan forced a new one:
  /// `context.mayReuseExisting` false); else adopts one an interrupted apply made under
  /// the planned name; else bakes one: builder instance from `source` with the provisioning as user
  /// data, `CreateImage` under the planned name, wait until available. The builder is terminated on
  /// every path out, failure and cancellation included.
  func createImage(
    plannedName: String, identity values: [String: Value], knownOutputs: [String: Value], context: ProviderContext
  ) async throws(ProviderError) -> CreatedObject {
    let identity = IdentityValues(values)
    let digest = knownOutputs["digest"]?.stringValue
    if context.mayReuseExisting, let digest, let reused = try await imageTagged(digest: digest) {
      let ready = try await waitUntilAvailable(reused.id, plannedName: plannedName)
      return imageObject(ready, plannedName: plannedName, knownOutputs: knownOutputs)
    }
    if let adopted = try await imageNamed(plannedName) {
      try await terminateBuilders(of: plannedName)
      let ready = try await waitUntilAvailable(adopted.id, plannedName: plannedName)
      return imageObject(ready, plannedName: plannedName, knownOutputs: knownOutputs)
    }
    guard let source = identity.string("source") else {
      throw .permanent(code: "ValidationError", message: "image `\(plannedName)` has no `source`")
    }
    var tags = Self.tags(plannedName: plannedName, context: context, identity: identity)
    if let digest { tags.append(AWSTag("immplan:digest", digest)) }

    var run = EC2RunInstancesRequest(imageID: source, instanceType: identity.string("instance_type") ?? "t3.small")
    run.userData = Self.builderScript(
      plannedName: plannedName, identity: identity, powerOff: options.builderCompletion == .shutdown)
    run.shutdownBehavior = options.builderCompletion == .shutdown ? "stop" : nil
    run.tags =
      [AWSTag("Name", "\(plannedName) builder"), AWSTag("immplan:builder", plannedName)]
      + tags.filter { $0.key == "immplan:address" }
    run.clientToken = Self.clientToken("builder", plannedName: plannedName)
    let builder: EC2Instance
    do {
      var launched = try await call { () async throws(AWSError) in try await ec2.runInstance(run) }
      if launched.state == "terminated" || launched.state == "shutting-down" {
        // The token's instance is from an earlier, cleaned-up attempt: launch a fresh one.
        run.clientToken = Self.clientToken("builder-\(Int(clock.now.timeIntervalSince1970))", plannedName: plannedName)
        launched = try await call { () async throws(AWSError) in try await ec2.runInstance(run) }
      }
      builder = launched
    } catch {
      // A launch cut short (interrupted, timed out) may have started the builder all the same,
      // without its ID reaching us: find it by its tag.
      await terminateBuildersWhateverHappens(of: plannedName)
      throw error
    }
    do {
      let image = try await bake(
        builder: builder.id, plannedName: plannedName, tags: tags, description: identity.string("description"))
      await terminate(builder.id)
      return imageObject(image, plannedName: plannedName, knownOutputs: knownOutputs)
    } catch {
      await terminate(builder.id)
      throw error
    }
  }

  private func bake(builder: String, plannedName: String, tags: [AWSTag], description: String?)
    async throws(ProviderError)
    -> EC2Image
  {
    let wanted = options.builderCompletion == .shutdown ? "stopped" : "running"
    _ = try await poll(
      "builder `\(builder)` of `\(plannedName)` did not finish provisioning (state `\(wanted)`)",
      timeout: options.imageBuildTimeout
    ) {
      () async throws(ProviderError) -> EC2Instance? in
      let instance = try await call { () async throws(AWSError) in try await ec2.describeInstances(ids: [builder]) }
        .first
      if let instance, ["terminated", "shutting-down"].contains(instance.state) {
        throw .permanent(
          code: "BuilderTerminated",
          message: "builder `\(builder)` of `\(plannedName)` was terminated before its image was made")
      }
      return instance?.state == wanted ? instance : nil
    }
    let imageID = try await call { () async throws(AWSError) in
      try await ec2.createImage(
        instanceID: builder, name: plannedName, description: description ?? "immplan image \(plannedName)", tags: tags)
    }
    return try await waitUntilAvailable(imageID, plannedName: plannedName)
  }

  private func waitUntilAvailable(_ id: String, plannedName: String) async throws(ProviderError) -> EC2Image {
    try await poll("AMI `\(id)` of `\(plannedName)` did not become available", timeout: options.imageBuildTimeout) {
      () async throws(ProviderError) -> EC2Image? in
      guard let image = try await call({ () async throws(AWSError) in try await ec2.describeImages(ids: [id]) }).first
      else {
        return nil
      }
      if image.state == "failed" || image.state == "error" {
        throw .permanent(code: "ImageBuildFailed", message: "AMI `\(id)` of `\(plannedName)` is `\(image.state)`")
      }
      return image.state == "available" ? image : nil
    }
  }

  /// Terminates a builder whatever happened: in a detached task, so a cancelled apply still cleans up.
  private func terminate(_ instanceID: String) async {
    let ec2 = ec2
    await Task.detached {
      _ = try? await ec2.terminateInstances(ids: [instanceID])
    }.value
  }

  /// ``terminateBuilders(of:)`` in a detached task, errors ignored: for a cancelled create, whose
  /// own requests would be cancelled too.
  private func terminateBuildersWhateverHappens(of plannedName: String) async {
    let ec2 = ec2
    await Task.detached {
      let builders = try? await ec2.describeInstances(filters: [
        EC2Filter("tag:immplan:builder", [plannedName]),
        EC2Filter("instance-state-name", ["pending", "running", "stopping", "stopped"]),
      ])
      let ids = (builders ?? []).map(\.id)
      if !ids.isEmpty { _ = try? await ec2.terminateInstances(ids: ids) }
    }.value
  }

  private func terminateBuilders(of plannedName: String) async throws(ProviderError) {
    let builders = try await call { () async throws(AWSError) in
      try await ec2.describeInstances(filters: [
        EC2Filter("tag:immplan:builder", [plannedName]),
        EC2Filter("instance-state-name", ["pending", "running", "stopping", "stopped"]),
      ])
    }
    for builder in builders { await terminate(builder.id) }
  }

  private func imageObject(_ image: EC2Image, plannedName: String, knownOutputs: [String: Value]) -> CreatedObject {
    var outputs = knownOutputs
    outputs["id"] = .string(image.id)
    outputs["name"] = .string(image.name)
    if outputs["digest"] == nil, let digest = image.tags[tag: "immplan:digest"] { outputs["digest"] = .string(digest) }
    return CreatedObject(kind: .image, cloudID: image.id, plannedName: plannedName, outputs: outputs)
  }

  private func imageTagged(digest: String) async throws(ProviderError) -> EC2Image? {
    let images = try await call { () async throws(AWSError) in
      try await ec2.describeImages(owners: ["self"], filters: [EC2Filter("tag:immplan:digest", [digest])])
    }
    // Prefer available images, then the newest; skip failed or deregistered ones.
    return images.filter { $0.state == "available" || $0.state == "pending" }
      .sorted {
        ($0.state == "available" ? 0 : 1, $1.creationDate ?? "", $0.id) < (
          $1.state == "available" ? 0 : 1, $0.creationDate ?? "", $1.id
        )
      }
      .first
  }

  private func imageNamed(_ name: String) async throws(ProviderError) -> EC2Image? {
    try await call { () async throws(AWSError) in
      try await ec2.describeImages(owners: ["self"], filters: [EC2Filter("name", [name])])
    }.first { $0.state == "available" || $0.state == "pending" }
  }

  // MARK: - Destroy, read, find

  /// Deregisters the AMI and deletes its snapshots; an AMI already gone is fine.
  func destroyImage(id: String) async throws(ProviderError) {
    let image: EC2Image?
    do {
      image = try await ec2.describeImages(ids: [id]).first
    } catch {
      if EC2Client.isNotFound(error) { return }
      throw Self.providerError(error)
    }
    guard let image, image.state != "deregistered" else { return }
    do {
      try await ec2.deregisterImage(id: id)
    } catch {
      if !EC2Client.isNotFound(error) { throw Self.providerError(error) }
    }
    for snapshot in image.snapshotIDs {
      do {
        try await ec2.deleteSnapshot(id: snapshot)
      } catch {
        if !EC2Client.isNotFound(error) { throw Self.providerError(error) }
      }
    }
  }

  func readImage(id: String) async throws(ProviderError) -> ReadResult {
    do {
      guard let image = try await ec2.describeImages(ids: [id]).first, image.state != "deregistered" else {
        return .missing
      }
      return image.state == "available"
        ? .matches : .drifted(reasons: ["AMI `\(id)` is `\(image.state)`, not `available`"])
    } catch {
      if EC2Client.isNotFound(error) { return .missing }
      throw Self.providerError(error)
    }
  }

  func findImage(plannedName: String) async throws(ProviderError) -> CreatedObject? {
    guard let image = try await imageNamed(plannedName) else { return nil }
    return imageObject(image, plannedName: plannedName, knownOutputs: [:])
  }

  // MARK: - Builder user data

  /// A POSIX shell script: writes `files` (base64, so any content survives), runs `provision` in
  /// order, stops at the first failure, and (for `.shutdown`) powers off only after success.
  static func builderScript(plannedName: String, identity: IdentityValues, powerOff: Bool) -> [UInt8] {
    var lines = ["#!/bin/sh", "# immplan image build: \(plannedName)", "set -eu"]
    for (path, content) in identity.stringMap("files") {
      let quoted = shellQuote(path)
      lines.append("mkdir -p \"$(dirname \(quoted))\"")
      lines.append("printf '%s' \(shellQuote(Base64.encode(Array(content.utf8)))) | base64 -d > \(quoted)")
    }
    lines += identity.strings("provision")
    if powerOff { lines.append("poweroff || shutdown -h now") }
    return Array((lines.joined(separator: "\n") + "\n").utf8)
  }

  static func shellQuote(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
