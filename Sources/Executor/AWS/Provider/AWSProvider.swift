import Foundation
import ImmplanParser
import ImmplanSupport

/// The `aws` provider (BRIEF §6): images are AMIs baked by a builder instance, launch templates are
/// EC2 launch templates, fleets are Auto Scaling groups — all named by the plan and tagged
/// `immplan:address` and `immplan:name`, so an interrupted apply's objects are found again by name.
///
/// Objects are only created and destroyed, never updated (there is no `UpdateAutoScalingGroup`).
/// AWS errors reach the executor with AWS's own code: throttling, 5xx and dropped connections that
/// outlast the client's own retries are ``ProviderError/transient(message:)``; everything else is
/// ``ProviderError/permanent(code:message:)``.
public struct AWSProvider: Provider {
  /// How the builder instance signals that provisioning finished.
  public enum BuilderCompletion: Sendable, Hashable {
    /// The user data powers the instance off when provisioning succeeded (shutdown behaviour
    /// `stop`); the image is made from the stopped instance. What real EC2 needs.
    case shutdown
    /// The image is made as soon as the builder runs. For AWS-compatible servers that do not run
    /// user data (moto), where an instance never stops by itself.
    case running
  }

  /// Waits and bounds; defaults suit AWS, tests shrink them.
  public struct Options: Sendable, Hashable {
    public var pollInterval: Duration = .seconds(5)
    public var builderCompletion: BuilderCompletion = .shutdown
    /// From builder launch to an available AMI.
    public var imageBuildTimeout: Duration = .seconds(45 * 60)
    /// How long a detached fleet's connections may drain before it is deleted.
    public var drainTime: Duration = .seconds(30)
    /// How long a deleted fleet may take to disappear.
    public var deleteTimeout: Duration = .seconds(15 * 60)
    public init() {}
  }

  public var name: String { "aws" }
  let ec2: EC2Client
  let autoScaling: AutoScalingClient
  let clock: any ExecutionClock
  let options: Options

  public init(configuration: AWSConfiguration, clock: any ExecutionClock = SystemClock(), options: Options = Options())
  {
    ec2 = EC2Client(configuration: configuration)
    autoScaling = AutoScalingClient(configuration: configuration)
    self.clock = clock
    self.options = options
  }

  /// From a `provider "aws"` block: region, endpoints and credentials as ``AWSSessionResolver``
  /// finds them. With a custom EC2 endpoint (an AWS-compatible server) the builder counts as done once
  /// running.
  public init(
    settings: AWSProviderSettings, environment: [String: String] = ProcessInfo.processInfo.environment,
    clock: any ExecutionClock = SystemClock()
  ) throws(AWSError) {
    try self.init(settings: settings, system: .live(environment: environment), clock: clock)
  }

  init(settings: AWSProviderSettings, system: AWSSystem, clock: any ExecutionClock = SystemClock()) throws(AWSError) {
    let environment = system.environment
    let configuration = try AWSSessionResolver(system: system).configuration(
      region: settings.region, profile: settings.profile, endpoint: settings.endpoint)
    var options = Options()
    if configuration.endpoints.isCustom(.ec2) { options.builderCompletion = .running }
    if let seconds = Self.seconds(environment["IMMPLAN_AWS_DRAIN_TIME"]) { options.drainTime = seconds }
    if let seconds = Self.seconds(environment["IMMPLAN_AWS_POLL_INTERVAL"]), seconds > .zero {
      options.pollInterval = seconds
    }
    self.init(configuration: configuration, clock: clock, options: options)
  }

  /// A number of seconds from 0 to a day (`IMMPLAN_AWS_DRAIN_TIME=0`, `IMMPLAN_AWS_POLL_INTERVAL=0.2`):
  /// lets tests against a local server skip the 30 s drain pause and the 5 s polls. nil otherwise.
  static func seconds(_ text: String?) -> Duration? {
    guard let text, let value = Double(text), value.isFinite, value >= 0, value <= 86_400 else { return nil }
    return .milliseconds(Int64(value * 1000))
  }

  // MARK: - Provider

  public func create(
    _ kind: ResourceKind, plannedName: String, identity: [String: Value], knownOutputs: [String: Value],
    context: ProviderContext
  ) async throws(ProviderError) -> CreatedObject {
    switch kind {
    case .image:
      return try await createImage(
        plannedName: plannedName, identity: identity, knownOutputs: knownOutputs, context: context)
    case .launchTemplate:
      return try await createLaunchTemplate(plannedName: plannedName, identity: identity, context: context)
    case .fleet:
      return try await createFleet(plannedName: plannedName, identity: identity, context: context)
    }
  }

  public func destroy(_ kind: ResourceKind, cloudID: String, plannedName: String, context: ProviderContext)
    async throws(ProviderError)
  {
    switch kind {
    case .image: try await destroyImage(id: cloudID)
    case .launchTemplate: try await destroyLaunchTemplate(id: cloudID)
    case .fleet: try await destroyFleet(name: cloudID)
    }
  }

  public func read(_ kind: ResourceKind, cloudID: String, identity: [String: Value], context: ProviderContext)
    async throws(ProviderError) -> ReadResult
  {
    switch kind {
    case .image: return try await readImage(id: cloudID)
    case .launchTemplate: return try await readLaunchTemplate(id: cloudID, identity: identity)
    case .fleet: return try await readFleet(name: cloudID, identity: identity)
    }
  }

  public func find(_ kind: ResourceKind, plannedName: String, context: ProviderContext)
    async throws(ProviderError) -> CreatedObject?
  {
    switch kind {
    case .image: return try await findImage(plannedName: plannedName)
    case .launchTemplate: return try await findLaunchTemplate(plannedName: plannedName)
    case .fleet: return try await findFleet(plannedName: plannedName)
    }
  }

  // MARK: - Shared helpers

  /// Runs one AWS call, mapping its failure for the executor.
  func call<T>(_ body: () async throws(AWSError) -> T) async throws(ProviderError) -> T {
    do {
      return try await body()
    } catch {
      throw Self.providerError(error)
    }
  }

  /// Transient for what retrying may fix, permanent with AWS's code otherwise; cancelled when the task was.
  static func providerError(_ error: AWSError) -> ProviderError {
    if Task.isCancelled { return .cancelled }
    switch error {
    case .service(let code, let message, _, _):
      return AWSRetryPolicy.isRetryable(error)
        ? .transient(message: error.description) : .permanent(code: code, message: message)
    case .retriesExhausted, .transport, .timedOut:
      return .transient(message: error.description)
    case .unexpectedResponse(let status, _):
      return AWSRetryPolicy.isRetryable(error)
        ? .transient(message: error.description) : .permanent(code: "HTTP\(status)", message: error.description)
    case .malformedResponse:
      return .permanent(code: "MalformedResponse", message: error.description)
    case .configuration(let problem):
      return .permanent(code: "ConfigurationError", message: problem.description)
    case .credentials(_, let reason):
      return providerError(reason).isTransient
        ? .transient(message: error.description)
        : .permanent(code: "CredentialsUnavailable", message: error.description)
    case .cancelled:
      return .cancelled
    }
  }

  /// Sleeps on the injected clock; a cancelled task stops at once.
  func pause(_ duration: Duration) async throws(ProviderError) {
    do {
      try await clock.sleep(for: duration)
    } catch {
      throw .cancelled
    }
  }

  /// Polls `check` every `pollInterval` until it returns a value or `timeout` passes.
  func poll<T>(
    _ what: @autoclosure () -> String, timeout: Duration, _ check: () async throws(ProviderError) -> T?
  ) async throws(ProviderError) -> T {
    let start = clock.now
    while true {
      if let value = try await check() { return value }
      let elapsed = clock.elapsed(since: start)
      if elapsed >= timeout {
        throw .timedOut(message: "\(what()) within \(timeout.displayText)")
      }
      try await pause(min(options.pollInterval, timeout - elapsed))
    }
  }

  /// The tags every immplan object carries, then the configuration's `tags` in key order.
  static func tags(plannedName: String, context: ProviderContext, identity: IdentityValues, extra: [AWSTag] = [])
    -> [AWSTag]
  {
    var tags = [AWSTag("immplan:address", context.address.description), AWSTag("immplan:name", plannedName)] + extra
    for (key, value) in identity.stringMap("tags") where !tags.contains(where: { $0.key == key }) {
      tags.append(AWSTag(key, value))
    }
    return tags
  }

  /// A client token derived from the planned name: a retried or resumed create asks for the same object.
  static func clientToken(_ kind: String, plannedName: String) -> String {
    "immplan-" + String(Hex.encode(ImmplanSupport.SHA256.hash(Array("\(kind)/\(plannedName)".utf8))).prefix(40))
  }
}

/// Typed reads of identity attributes (`Value`s), ignoring sensitivity marks.
struct IdentityValues: Sendable {
  var values: [String: Value]

  init(_ values: [String: Value]) { self.values = values }

  func string(_ key: String) -> String? {
    guard let value = values[key], !value.isNull else { return nil }
    return value.stringValue
  }

  func strings(_ key: String) -> [String] {
    (values[key]?.listValue ?? []).compactMap(\.stringValue)
  }

  /// A map of strings as key-sorted pairs.
  func stringMap(_ key: String) -> [(String, String)] {
    (values[key]?.mapValue ?? [:]).compactMap { key, value in value.stringValue.map { (key, $0) } }.sorted {
      $0.0 < $1.0
    }
  }

  func int(_ key: String) -> Int? { values[key]?.numberValue?.intValue }
}
