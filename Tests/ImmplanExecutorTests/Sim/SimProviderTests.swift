import Foundation
import ImmplanParser
import Testing

@testable import ImmplanExecutor

@Suite struct SimProviderTests {
  let context = ProviderContext(address: ResourceAddress(kind: .image, name: "web"), operationID: "op")
  let fleetContext = ProviderContext(address: ResourceAddress(kind: .fleet, name: "web"), operationID: "op")
  let imageIdentity: [String: Value] = ["source": .string("ami-base"), "instance_type": .string("t3.small")]
  let fleetIdentity: [String: Value] = [
    "launch_template": .string("lt-1"), "min_size": .number(Number(1)), "max_size": .number(Number(5)),
    "desired_capacity": .number(Number(3)),
  ]

  @Test func sha256MatchesKnownVectors() {
    #expect(SimHash.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(SimHash.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(SimHash.hex(String(repeating: "a", count: 1000)).hasPrefix("41edece42d63e8d9bf515a9ba6932e1c"))
  }

  @Test func idsDeriveFromPlannedNames() {
    #expect(
      SimProvider.cloudID(.image, plannedName: "immplan-web-g8") == "ami-"
        + SimHash.hex("image/immplan-web-g8").prefix(17))
    #expect(
      SimProvider.cloudID(.launchTemplate, plannedName: "immplan-web-g8")
        == "lt-" + SimHash.hex("launch_template/immplan-web-g8").prefix(17))
    // Same planned name, different kinds: different hashes, not just different prefixes.
    #expect(
      SimProvider.cloudID(.image, plannedName: "immplan-web-g8").dropFirst(4)
        != SimProvider.cloudID(.launchTemplate, plannedName: "immplan-web-g8").dropFirst(3))
    #expect(SimProvider.cloudID(.launchTemplate, plannedName: "immplan-web-g8").hasPrefix("lt-"))
    #expect(SimProvider.cloudID(.launchTemplate, plannedName: "immplan-web-g8").count == 20)
    #expect(SimProvider.cloudID(.fleet, plannedName: "immplan-web-g8") == "immplan-web-g8")
  }

  @Test func createWritesTheFileAtOnceAndMarksItReadyAfterLatency() async throws {
    let directory = temporaryDirectory()
    let clock = BlockingClock()
    let sim = SimProvider(directory: directory, latency: .seconds(5), clock: clock)
    let task = Task {
      try await sim.create(
        .image, plannedName: "immplan-web-g1", identity: imageIdentity, knownOutputs: ["digest": .string("abc")],
        context: context)
    }
    await clock.waitForSleeper()
    let id = SimProvider.cloudID(.image, plannedName: "immplan-web-g1")
    #expect(files(in: directory, kind: .image) == ["\(id).json"])
    let pending = try #require(try sim.load(.image, cloudID: id))
    #expect(pending.status == .pending)
    clock.release(advancing: .seconds(5))
    let object = try await task.value
    #expect(object.cloudID == id)
    #expect(object.outputs["digest"] == .string("abc"))
    #expect(object.outputs["name"] == .string("immplan-web-g1"))
    #expect(try sim.load(.image, cloudID: id)?.status == .ready)
    // Written once: the file still says `pending`, with the `ready_at` a reader goes by.
    let data = try #require(FileManager.default.contents(atPath: sim.path(.image, cloudID: id)))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(json["state"] as? String == "pending")
    #expect(json["ready_at"] as? String != nil)
  }

  @Test func aClientKilledMidCreateLeavesTheObjectBehind() async throws {
    let directory = temporaryDirectory()
    let clock = BlockingClock()
    let sim = SimProvider(directory: directory, latency: .seconds(5), clock: clock)
    let task = Task {
      try await sim.create(
        .image, plannedName: "immplan-web-g1", identity: imageIdentity, knownOutputs: [:], context: context)
    }
    await clock.waitForSleeper()
    task.cancel()
    clock.release(advancing: .seconds(1))
    await #expect(throws: ProviderError.cancelled) { try await task.value }
    let found = try await sim.find(.image, plannedName: "immplan-web-g1", context: context)
    #expect(found?.cloudID == SimProvider.cloudID(.image, plannedName: "immplan-web-g1"))
  }

  @Test func createIsIdempotentByPlannedName() async throws {
    let directory = temporaryDirectory()
    let sim = SimProvider(directory: directory, clock: VirtualClock())
    let first = try await sim.create(
      .image, plannedName: "n-g1", identity: imageIdentity, knownOutputs: [:], context: context)
    let second = try await sim.create(
      .image, plannedName: "n-g1", identity: imageIdentity, knownOutputs: [:], context: context)
    #expect(first == second)
    #expect(files(in: directory, kind: .image).count == 1)
    var other = imageIdentity
    other["instance_type"] = .string("t3.large")
    await #expect(throws: ProviderError.self) {
      try await sim.create(.image, plannedName: "n-g1", identity: other, knownOutputs: [:], context: context)
    }
  }

  @Test func filesArePrettySortedJSONThatAnyToolReads() async throws {
    let directory = temporaryDirectory()
    let sim = SimProvider(directory: directory, clock: VirtualClock())
    let fleet = try await sim.create(
      .fleet, plannedName: "immplan-web-g2", identity: fleetIdentity, knownOutputs: [:], context: fleetContext)
    let data = try #require(FileManager.default.contents(atPath: sim.path(.fleet, cloudID: fleet.cloudID)))
    let text = String(decoding: data, as: UTF8.self)
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(json["state"] as? String == "ready")
    #expect(json["created_at"] as? String == "2026-01-01T00:00:00.000Z")
    let instances = try #require(json["instances"] as? [[String: Any]])
    #expect(instances.count == 3)
    #expect(instances.allSatisfy { $0["health"] as? String == "healthy" })
    #expect(text.hasPrefix("{\n  \"address\": \"fleet.web\",\n  \"created_at\""))
    #expect(fleet.outputs["arn"]?.stringValue?.hasPrefix("arn:sim:autoscaling:") == true)
    #expect(!FileManager.default.fileExists(atPath: directory + "/fleet/.tmp"))
  }

  @Test func sensitiveIdentityNeverReachesTheDirectory() async throws {
    let directory = temporaryDirectory()
    let sim = SimProvider(directory: directory, clock: VirtualClock())
    let identity: [String: Value] = ["image": .string("ami-1"), "user_data": .sensitive(.string("hunter2"))]
    let template = try await sim.create(
      .launchTemplate, plannedName: "lt-g1", identity: identity, knownOutputs: [:],
      context: ProviderContext(address: ResourceAddress(kind: .launchTemplate, name: "web"), operationID: "op"))
    let text = String(
      decoding: FileManager.default.contents(atPath: sim.path(.launchTemplate, cloudID: template.cloudID))!,
      as: UTF8.self)
    #expect(!text.contains("hunter2"))
    #expect(text.contains("sensitive_sha256"))
    let same = try await sim.read(.launchTemplate, cloudID: template.cloudID, identity: identity, context: context)
    #expect(same == .matches)
    var changed = identity
    changed["user_data"] = .sensitive(.string("hunter3"))
    let drift = try await sim.read(.launchTemplate, cloudID: template.cloudID, identity: changed, context: context)
    #expect(drift == .drifted(reasons: ["`user_data` changed (sensitive)"]))
  }

  @Test func readReportsMissingAndDrift() async throws {
    let directory = temporaryDirectory()
    let sim = SimProvider(directory: directory, clock: VirtualClock())
    let image = try await sim.create(
      .image, plannedName: "n-g1", identity: imageIdentity, knownOutputs: [:], context: context)
    #expect(try await sim.read(.image, cloudID: image.cloudID, identity: imageIdentity, context: context) == .matches)
    let file = sim.path(.image, cloudID: image.cloudID)
    let edited = String(decoding: FileManager.default.contents(atPath: file)!, as: UTF8.self)
      .replacingOccurrences(of: "\"t3.small\"", with: "\"t3.large\"")
    try edited.write(toFile: file, atomically: true, encoding: .utf8)
    #expect(
      try await sim.read(.image, cloudID: image.cloudID, identity: imageIdentity, context: context)
        == .drifted(reasons: ["`instance_type` is \"t3.large\", not \"t3.small\""]))
    try FileManager.default.removeItem(atPath: file)
    #expect(try await sim.read(.image, cloudID: image.cloudID, identity: imageIdentity, context: context) == .missing)
  }

  @Test func destroyRemovesTheFileAndIsIdempotent() async throws {
    let directory = temporaryDirectory()
    let sim = SimProvider(directory: directory, clock: VirtualClock())
    let image = try await sim.create(
      .image, plannedName: "n-g1", identity: imageIdentity, knownOutputs: [:], context: context)
    try await sim.destroy(.image, cloudID: image.cloudID, plannedName: "n-g1", context: context)
    #expect(files(in: directory, kind: .image).isEmpty)
    try await sim.destroy(.image, cloudID: image.cloudID, plannedName: "n-g1", context: context)
    #expect(try await sim.find(.image, plannedName: "n-g1", context: context) == nil)
  }

  @Test func failMapInjectsCreateAndDestroyFailures() async throws {
    let directory = temporaryDirectory()
    let sim = SimProvider(
      directory: directory, failures: ["image.web": .create, "fleet.web": .destroy], clock: VirtualClock())
    await #expect(
      throws: ProviderError.permanent(
        code: "SimInjectedFailure", message: "`fail` makes the create of `image.web` fail")
    ) {
      try await sim.create(.image, plannedName: "n-g1", identity: imageIdentity, knownOutputs: [:], context: context)
    }
    #expect(files(in: directory, kind: .image).isEmpty)
    let fleet = try await sim.create(
      .fleet, plannedName: "f-g1", identity: fleetIdentity, knownOutputs: [:], context: fleetContext)
    await #expect(throws: ProviderError.self) {
      try await sim.destroy(.fleet, cloudID: fleet.cloudID, plannedName: "f-g1", context: fleetContext)
    }
    #expect(files(in: directory, kind: .fleet) == ["f-g1.json"])
  }

  @Test func unknownIdentityIsRefused() async throws {
    let sim = SimProvider(directory: temporaryDirectory(), clock: VirtualClock())
    await #expect(throws: ProviderError.self) {
      try await sim.create(
        .image, plannedName: "n-g1", identity: ["source": .unknown], knownOutputs: [:], context: context)
    }
  }

  @Test func settingsResolveTheDirectoryAgainstTheConfiguration() {
    let sim = SimProvider(
      settings: SimProviderSettings(
        latency: DurationValue(milliseconds: 250), failures: ["fleet.web": "health", "x": "bogus"]),
      configurationDirectory: "/config")
    #expect(sim.directory == "/config/.immplan/sim")
    #expect(sim.latency == .milliseconds(250))
    #expect(sim.failures == ["fleet.web": .health])
  }
}
