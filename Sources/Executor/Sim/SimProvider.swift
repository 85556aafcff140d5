import Foundation
import ImmplanParser
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The embedded simulated cloud (BRIEF §6): one JSON file per live object at `DIR/KIND/ID.json`.
///
/// It behaves like a cloud, not a mock: a create takes effect when requested (the file appears at
/// once with `state` `pending` and a `ready_at` time `latency` later), so a client killed mid-call
/// leaves the object behind; creating under a planned name that exists returns the existing object
/// (like a client token); destroying a missing object succeeds. IDs derive from kind and planned
/// name: `ami-` / `lt-` + the first 17 hex digits of SHA-256(`KIND/NAME`), so an image and a
/// launch template of the same planned name differ; a fleet's ID is its name.
///
/// **One write per object.** The file is written once, at create; an object is ready once the
/// clock passes its `ready_at` (readers compute it, ``load(_:cloudID:)``), so the file keeps saying
/// `pending` with its `ready_at` rather than being rewritten when the time comes (a create with no
/// latency is written `ready` at once). Instance health is computed the same way when observed.
/// Files are written atomically (temporary file, then rename), pretty, with sorted keys, without
/// fsync: this is a simulation, and what crash safety needs of it is that a killed client leaves
/// the object behind — true as soon as `rename` returns, since the file outlives the process (the
/// kernel holds it); only a power loss could lose it, and then a real cloud's API would be gone too.
public struct SimProvider: Provider {
  /// A `fail` entry (BRIEF §2): which call of a resource address fails.
  public enum Failure: String, Sendable, Hashable {
    case create, destroy, health
  }

  public var name: String { "sim" }
  public let directory: String
  public let latency: Duration
  /// By resource address text (`fleet.web`).
  public let failures: [String: Failure]
  public let clock: any ExecutionClock
  /// How often a health wait looks at its fleet.
  public let pollInterval: Duration

  public init(
    directory: String, latency: Duration = .zero, failures: [String: Failure] = [:],
    clock: any ExecutionClock = SystemClock(), pollInterval: Duration = .seconds(1)
  ) {
    self.directory = directory
    self.latency = latency
    self.failures = failures
    self.clock = clock
    self.pollInterval = pollInterval
  }

  /// From a `provider "sim"` block; a relative `dir` is resolved against `configurationDirectory`.
  /// Unknown `fail` values are ignored (the front end reports them).
  public init(
    settings: SimProviderSettings, configurationDirectory: String, clock: any ExecutionClock = SystemClock()
  ) {
    let directory =
      settings.directory.hasPrefix("/")
      ? settings.directory : (configurationDirectory as NSString).appendingPathComponent(settings.directory)
    self.init(
      directory: directory, latency: .milliseconds(settings.latency.milliseconds),
      failures: settings.failures.compactMapValues(Failure.init(rawValue:)), clock: clock)
  }

  // MARK: - IDs

  /// The cloud ID the sim gives an object of `kind` created under `plannedName`.
  public static func cloudID(_ kind: ResourceKind, plannedName: String) -> String {
    switch kind {
    case .image: "ami-" + SimHash.hex("\(kind.rawValue)/\(plannedName)").prefix(17)
    case .launchTemplate: "lt-" + SimHash.hex("\(kind.rawValue)/\(plannedName)").prefix(17)
    case .fleet: plannedName
    }
  }

  static func arn(fleetName: String) -> String {
    let hash = SimHash.hex("arn:" + fleetName)
    let uuid = [
      hash.prefix(8), hash.dropFirst(8).prefix(4), hash.dropFirst(12).prefix(4), hash.dropFirst(16).prefix(4),
      hash.dropFirst(20).prefix(12),
    ].joined(separator: "-")
    return "arn:sim:autoscaling:sim-local-1:000000000000:autoScalingGroup:\(uuid):autoScalingGroupName/\(fleetName)"
  }

  static func instanceID(fleetName: String, index: Int) -> String {
    "i-" + SimHash.hex("\(fleetName)#\(index)").prefix(17)
  }

  /// `DIR/KIND/ID.json`.
  public func path(_ kind: ResourceKind, cloudID: String) -> String {
    "\(directory)/\(kind.rawValue)/\(cloudID).json"
  }

  // MARK: - Provider

  public func create(
    _ kind: ResourceKind, plannedName: String, identity: [String: Value], knownOutputs: [String: Value],
    context: ProviderContext
  ) async throws(ProviderError) -> CreatedObject {
    if failures[context.address.description] == .create {
      throw .permanent(code: "SimInjectedFailure", message: "`fail` makes the create of `\(context.address)` fail")
    }
    try validate(plannedName)
    let encodedIdentity = try encode(identity, what: "identity attribute")
    let id = Self.cloudID(kind, plannedName: plannedName)
    if let existing = try load(kind, cloudID: id) {
      guard existing.identity == encodedIdentity else {
        throw .permanent(
          code: "IdempotentParameterMismatch",
          message: "`\(plannedName)` already exists with a different identity")
      }
      try await sleep(until: existing.readyAt)
      return existing.createdObject
    }

    var outputs = try encode(knownOutputs, what: "output")
    outputs["id"] = .string(id)
    outputs["name"] = .string(plannedName)
    var instances: [SimObject.Instance] = []
    switch kind {
    case .fleet:
      outputs["arn"] = .string(Self.arn(fleetName: plannedName))
      let count = Self.capacity(identity)
      instances = (0..<count).map {
        SimObject.Instance(id: Self.instanceID(fleetName: plannedName, index: $0), health: "pending")
      }
    case .image, .launchTemplate: break
    }
    let now = clock.now
    // Times as the file records them (whole milliseconds), so that the object this call returns
    // at `ready_at` is ready to every reader of the file too.
    var object = SimObject(
      kind: kind, id: id, name: plannedName, address: context.address.description, identity: encodedIdentity,
      outputs: outputs, status: .pending, createdAt: SimObject.recorded(now),
      readyAt: SimObject.recorded(now.addingTimeInterval(latency.timeInterval)), instances: instances)
    if latency <= .zero { markReady(&object) }
    // The only write: readiness follows from `ready_at` (see the type's documentation).
    try store(object)
    if latency > .zero { try await sleep(until: object.readyAt) }
    // Destroyed while it was being created: report it gone.
    guard FileManager.default.fileExists(atPath: path(kind, cloudID: id)) else {
      throw .permanent(code: "SimObjectGone", message: "`\(plannedName)` was deleted while it was being created")
    }
    return object.createdObject
  }

  public func destroy(_ kind: ResourceKind, cloudID: String, plannedName: String, context: ProviderContext)
    async throws(ProviderError)
  {
    if failures[context.address.description] == .destroy {
      throw .permanent(code: "SimInjectedFailure", message: "`fail` makes the destroy of `\(context.address)` fail")
    }
    try validate(cloudID)
    let file = path(kind, cloudID: cloudID)
    if unlink(file) != 0, errno != ENOENT {
      throw .transient(message: "cannot delete \(file): \(String(cString: strerror(errno)))")
    }
    try await sleep(for: latency)
  }

  public func read(_ kind: ResourceKind, cloudID: String, identity: [String: Value], context: ProviderContext)
    async throws(ProviderError) -> ReadResult
  {
    try validate(cloudID)
    guard let object = try load(kind, cloudID: cloudID) else { return .missing }
    let expected = try encode(identity, what: "identity attribute")
    var reasons: [String] = []
    for key in Set(expected.keys).union(object.identity.keys).sorted() {
      switch (expected[key], object.identity[key]) {
      case (let want?, let have?) where want != have:
        if want.isSensitiveDigest || have.isSensitiveDigest {
          reasons.append("`\(key)` changed (sensitive)")
        } else {
          reasons.append("`\(key)` is \(have.compact()), not \(want.compact())")
        }
      case (_?, nil): reasons.append("`\(key)` is missing")
      case (nil, let have?): reasons.append("`\(key)` is \(have.compact()), not unset")
      default: break
      }
    }
    return reasons.isEmpty ? .matches : .drifted(reasons: reasons)
  }

  public func find(_ kind: ResourceKind, plannedName: String, context: ProviderContext)
    async throws(ProviderError) -> CreatedObject?
  {
    try validate(plannedName)
    return try load(kind, cloudID: Self.cloudID(kind, plannedName: plannedName))?.createdObject
  }

  // MARK: - Helpers

  static func capacity(_ identity: [String: Value]) -> Int {
    for key in ["desired_capacity", "min_size"] {
      if let number = identity[key]?.numberValue?.intValue, number >= 0 { return min(number, 10_000) }
    }
    return 1
  }

  func markReady(_ object: inout SimObject) {
    object.status = .ready
    let health = failures[object.address] == .health ? "unhealthy" : "healthy"
    for index in object.instances.indices { object.instances[index].health = health }
  }

  private func validate(_ name: String) throws(ProviderError) {
    guard !name.isEmpty, !name.contains("/"), !name.hasPrefix("."), !name.contains("\0") else {
      throw .permanent(code: "ValidationError", message: "`\(name)` is not a valid sim object name")
    }
  }

  private func encode(_ values: [String: Value], what: String) throws(ProviderError) -> [String: JSONValue] {
    var out: [String: JSONValue] = [:]
    for (key, value) in values {
      guard let encoded = JSONValue(value) else {
        throw .permanent(code: "InvalidParameterValue", message: "\(what) `\(key)` is not known yet")
      }
      out[key] = encoded
    }
    return out
  }

  func sleep(for duration: Duration) async throws(ProviderError) {
    do {
      try await clock.sleep(for: duration)
    } catch {
      throw .cancelled
    }
  }

  /// Sleeps until the clock reads `date` or later.
  func sleep(until date: Date) async throws(ProviderError) {
    let remaining = date.timeIntervalSince(clock.now)
    if remaining > 0 { try await sleep(for: .microseconds(Int64(saturating: (remaining * 1_000_000).rounded(.up)))) }
  }

  // MARK: - Files

  /// The object as it is now: `ready` (instances healthy, or unhealthy per `fail`) once the clock
  /// has passed its `ready_at`, whatever the file still says.
  func load(_ kind: ResourceKind, cloudID: String) throws(ProviderError) -> SimObject? {
    let file = path(kind, cloudID: cloudID)
    guard let data = FileManager.default.contents(atPath: file) else {
      // Something unreadable at the object's path (a directory…) is not "no object": a create
      // would fail to write it, and a refresh must not report the object gone.
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else { return nil }
      let what = isDirectory.boolValue ? "a directory" : "unreadable"
      throw .permanent(code: "SimCorruptObject", message: "\(file) is \(what), not a sim object")
    }
    guard let json = JSONValue.parse(Array(data)) else {
      throw .permanent(code: "SimCorruptObject", message: "\(file) is not a sim object: not valid JSON (truncated?)")
    }
    guard var object = SimObject(json: json) else {
      throw .permanent(
        code: "SimCorruptObject", message: "\(file) is not a sim object: a field is missing or has the wrong type")
    }
    if object.isReady(at: clock.now) { markReady(&object) }
    return object
  }

  /// Writes the object atomically: a temporary file in the same directory, then rename. Plain
  /// POSIX calls: this runs once per create, and the apply budget (BRIEF §8) counts it.
  func store(_ object: SimObject) throws(ProviderError) {
    let folder = "\(directory)/\(object.kind.rawValue)"
    let file = path(object.kind, cloudID: object.id)
    let temporary = "\(folder)/.\(object.id).\(SimProvider.temporarySuffix()).tmp"
    var bytes = Array(object.json.rendered().utf8)
    var descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    if descriptor < 0, errno == ENOENT {
      do {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      } catch {
        throw .transient(message: "cannot create \(folder): \(error.localizedDescription)")
      }
      descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    }
    guard descriptor >= 0 else {
      throw .transient(message: "cannot write \(file): \(String(cString: strerror(errno)))")
    }
    var written = 0
    while written < bytes.count {
      let count = bytes.withUnsafeMutableBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
      if count < 0, errno == EINTR { continue }
      guard count > 0 else {
        let reason = String(cString: strerror(errno))
        close(descriptor)
        unlink(temporary)
        throw .transient(message: "cannot write \(file): \(reason)")
      }
      written += count
    }
    bytes = []
    close(descriptor)
    if rename(temporary, file) != 0 {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw .transient(message: "cannot write \(file): \(reason)")
    }
  }

  /// Unique per process and call, cheap (no UUID).
  private static func temporarySuffix() -> String {
    let counter = temporaryCounter.add(1, ordering: .relaxed).newValue
    return "\(getpid())-\(counter)"
  }

  private static let temporaryCounter = Atomic<Int>(0)
}
