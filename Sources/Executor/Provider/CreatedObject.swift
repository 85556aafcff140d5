import ImmplanParser

/// An object as the cloud reports it after `create` or `find`.
public struct CreatedObject: Sendable, Hashable {
  public var kind: ResourceKind
  /// The cloud's ID: `ami-…`, `lt-…`, or the fleet's name.
  public var cloudID: String
  /// The planner-chosen name the object was created under.
  public var plannedName: String
  /// Computed outputs (`id`, `name`, `arn`, `digest`, …) by attribute name.
  public var outputs: [String: Value]
  public init(kind: ResourceKind, cloudID: String, plannedName: String, outputs: [String: Value]) {
    self.kind = kind
    self.cloudID = cloudID
    self.plannedName = plannedName
    self.outputs = outputs
  }
}

/// The answer of ``Provider/read(_:cloudID:identity:context:)``.
public enum ReadResult: Sendable, Hashable {
  case missing
  case matches
  /// The object exists but differs; each reason is one sentence such as
  /// "`instance_type` is `t3.large`, not `t3.small`".
  case drifted(reasons: [String])
}

/// A fleet's health gate (BRIEF §2 `health_check` and `rollout`).
public struct HealthGate: Sendable, Hashable {
  public var desiredCapacity: Int
  /// `ec2` or `elb`.
  public var checkType: String
  public var gracePeriod: Duration
  public var timeout: Duration
  public var bakeTime: Duration
  public init(
    desiredCapacity: Int, checkType: String = "ec2", gracePeriod: Duration = .zero, timeout: Duration = .seconds(600),
    bakeTime: Duration = .zero
  ) {
    self.desiredCapacity = desiredCapacity
    self.checkType = checkType
    self.gracePeriod = gracePeriod
    self.timeout = timeout
    self.bakeTime = bakeTime
  }
}

/// A fleet's health at one look (``Provider/fleetHealth(fleetID:plannedName:context:)``).
public struct FleetHealth: Sendable, Hashable {
  /// Instances healthy now.
  public var healthy: Int
  /// When a look may see something new: the provider's poll interval, or sooner when it knows
  /// (the sim knows when its instances come up).
  public var nextLook: Duration
  public init(healthy: Int, nextLook: Duration) {
    self.healthy = healthy
    self.nextLook = nextLook
  }
}

/// One health check of a fleet while waiting.
public struct HealthProgress: Sendable, Hashable {
  public enum Phase: String, Sendable, Hashable {
    /// Inside the grace period: results do not count yet.
    case grace
    /// Waiting for `desired` healthy instances.
    case waiting
    /// All healthy; staying healthy for the bake time.
    case baking
  }
  public var phase: Phase
  public var healthy: Int
  public var desired: Int
  /// Since the wait began.
  public var elapsed: Duration
  public init(phase: Phase, healthy: Int, desired: Int, elapsed: Duration) {
    self.phase = phase
    self.healthy = healthy
    self.desired = desired
    self.elapsed = elapsed
  }
}

/// A fleet that passed its health gate.
public struct HealthReport: Sendable, Hashable {
  public var healthy: Int
  public var desired: Int
  public var elapsed: Duration
  public init(healthy: Int, desired: Int, elapsed: Duration) {
    self.healthy = healthy
    self.desired = desired
    self.elapsed = elapsed
  }
}
