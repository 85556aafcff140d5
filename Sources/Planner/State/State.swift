import ImmplanParser

/// The recorded state (BRIEF §4): what immplan believes exists in the cloud, per resource address.
///
/// A value type, never `Codable`: ``StateFile`` is its on-disk form, converted at the edge. Two
/// equal states encode to the same bytes (``canonicalBytes``) and so have the same ``stateDigest``,
/// which plans bind to. Invariants checked when a file is read (and relied on by the planner and
/// executor): every ``ResourceState`` is non-empty, generation numbers are unique per address, the
/// history is ordered by version number.
public struct State: Sendable, Hashable {
  /// The state file format this build writes and the newest it reads.
  ///
  /// 1: immplan 0.1.0. 2: addresses may carry module paths and instance keys, bindings an alias
  /// and a profile. Format 1 is read as it is (its content is valid format 2) and written as 2
  /// the next time the state changes.
  public static let formatVersion = 2
  /// The oldest format this build reads.
  public static let oldestReadableFormatVersion = 1
  /// How many applied versions ``history`` keeps unless told otherwise.
  public static let defaultHistoryLimit = 100

  /// Fixed when the state is created; plans bind to it so a plan for one state is never applied to another.
  public var lineage: String
  /// Incremented once per folded write that changes something (never on a no-op).
  public var serial: Int
  /// Per address its current object and older generations. Never holds an empty ``ResourceState``.
  public var resources: [ResourceAddress: ResourceState]
  /// Applied versions, oldest first, at most the history limit.
  public var history: [HistoryVersion]
  /// Set after a rollback: "rolled back from version N" (BRIEF §5); nil after a roll forward.
  public var rolledBackFrom: Int?
  /// The random key under which sensitive values are digested. Never printed.
  public var digestKey: DigestKey
  /// Per address, the highest generation ever recorded there, kept only while it is above every
  /// generation still in ``resources`` (its objects were destroyed, or the address removed
  /// altogether), so a new object never reuses a destroyed object's name (BRIEF §3). Maintained by
  /// ``folded(with:historyLimit:)``; read through ``highestGeneration(at:)``.
  public var generationMarks: [ResourceAddress: Int]

  public init(
    lineage: String, serial: Int = 0, resources: [ResourceAddress: ResourceState] = [:],
    history: [HistoryVersion] = [], rolledBackFrom: Int? = nil, digestKey: DigestKey,
    generationMarks: [ResourceAddress: Int] = [:]
  ) {
    self.lineage = lineage
    self.serial = serial
    self.resources = resources
    self.history = history
    self.rolledBackFrom = rolledBackFrom
    self.digestKey = digestKey
    self.generationMarks = generationMarks
  }

  /// A fresh, empty state: new lineage and digest key from `environment`, serial 0.
  public static func empty(environment: StateEnvironment) -> State {
    State(lineage: environment.makeID(), digestKey: DigestKey(bytes: environment.randomBytes(32)))
  }

  /// Addresses in their canonical order (by text), the order of every listing.
  public var sortedAddresses: [ResourceAddress] { resources.keys.sorted() }

  /// The current object at `address`, if any.
  public func current(_ address: ResourceAddress) -> CloudObject? { resources[address]?.current }

  /// True when a plan with this checksum has already been applied (it is in the history).
  public func hasApplied(planChecksum: String) -> Bool {
    history.contains { $0.planChecksum == planChecksum }
  }

  /// The highest generation number ever recorded at `address` (0 when none), so the planner can
  /// name the next object `generation + 1`. Pending objects count: their names may exist in the
  /// cloud; so do destroyed ones (``generationMarks``): their names are never reused.
  public func highestGeneration(at address: ResourceAddress) -> Int {
    max(highestRecordedGeneration(at: address), generationMarks[address] ?? 0)
  }

  /// The highest generation among the objects still recorded at `address` (0 when none).
  func highestRecordedGeneration(at address: ResourceAddress) -> Int {
    guard let resource = resources[address] else { return 0 }
    var highest = resource.current?.record.generation ?? 0
    for generation in resource.generations { highest = max(highest, generation.record.generation) }
    return highest
  }

  /// Raises the mark of `address` to at least `generation`, and drops it while a recorded object
  /// is at least as high (so the file only carries marks that matter).
  mutating func raiseGenerationMark(at address: ResourceAddress, to generation: Int) {
    let mark = max(generationMarks[address] ?? 0, generation)
    generationMarks[address] = mark > highestRecordedGeneration(at: address) ? mark : nil
  }
}

/// Clock, ID and randomness, injected so state handling is deterministic in tests (STYLE.md).
public struct StateEnvironment: Sendable {
  /// A new unique ID (lineages, lock IDs).
  public var makeID: @Sendable () -> String
  /// The current time.
  public var now: @Sendable () -> Timestamp
  /// `count` cryptographically random bytes (digest keys).
  public var randomBytes: @Sendable (Int) -> [UInt8]
  /// `user@host` of this process, for lock info.
  public var who: @Sendable () -> String

  public init(
    makeID: @escaping @Sendable () -> String, now: @escaping @Sendable () -> Timestamp,
    randomBytes: @escaping @Sendable (Int) -> [UInt8], who: @escaping @Sendable () -> String
  ) {
    self.makeID = makeID
    self.now = now
    self.randomBytes = randomBytes
    self.who = who
  }
}

/// The random HMAC key kept in the state; sensitive values are stored only as digests under it.
///
/// A weak secret could still be guessed from a stolen state (the key is stored beside the digests),
/// which BRIEF §3 asks us to document. `description` never shows the key.
public struct DigestKey: Sendable, Hashable, CustomStringConvertible {
  public var bytes: [UInt8]
  public init(bytes: [UInt8]) { self.bytes = bytes }
  public var description: String { "DigestKey(\(bytes.count) bytes)" }

  /// HMAC-SHA256 hex digest of a sensitive value (its canonical JSON encoding). The planner
  /// compares desired sensitive inputs to recorded ones through this.
  public func digest(of value: Value) -> String {
    RecordedValue(value, key: self).digestForSensitive(key: self)
  }

  /// HMAC-SHA256 hex of raw bytes under this key.
  public func digest(bytes message: [UInt8]) -> String {
    StateHashing.hex(StateHashing.hmacSHA256(message, key: bytes))
  }
}
