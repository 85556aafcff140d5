import ImmplanParser

/// A plan: what apply will do, as reviewed (BRIEF §3). Built by ``Planner/plan(_:)``, written and
/// read by ``PlanFile``, rendered by ``PlanRenderer``. Values are sealed: no secret is ever inside.
///
/// Invariants the executor may rely on: `changes` follow the configuration's topological order
/// (dependencies first, ties by address), then resources only in the state by address, each
/// address's older generations right after it; `operations` are in a topological order of their `dependsOn` edges, ties
/// broken by operation ID; every ID in a `dependsOn` names an earlier operation.
public struct Plan: Sendable, Hashable {
  public enum Mode: String, Sendable, Hashable {
    case normal
    /// `plan -destroy`: everything recorded is destroyed.
    case destroy
  }

  public var mode: Mode
  /// Every change except unchanged keeps (keeps with settings changes are listed).
  public var changes: [PlannedChange]
  /// How many recorded objects stay as they are, settings included.
  public var unchangedCount: Int
  public var operations: [PlannedOperation]
  /// Warnings shown at the top of the rendering (rolling forward after a rollback, no rollback
  /// possible for a destroy-before-create fleet, pending objects…).
  public var warnings: [Diagnostic]
  public var prior: PriorState
  /// Every declared provider configuration, in address order.
  public var providers: [ProviderConfiguration]
  public var stateBackend: StateBackendSettings
  public var variables: [PlannedVariable]
  /// What apply needs to compute values known only after apply: the configuration as planned.
  public var configuration: PlannedConfiguration
  /// Set for a plan made by `rollback -to VERSION` (BRIEF §5): applying it, directly or from its
  /// plan file, records "rolled back from version `fromVersion`".
  public var rollback: PlannedRollback?

  public init(
    mode: Mode, changes: [PlannedChange], unchangedCount: Int, operations: [PlannedOperation], warnings: [Diagnostic],
    prior: PriorState, providers: [ProviderConfiguration], stateBackend: StateBackendSettings,
    variables: [PlannedVariable],
    configuration: PlannedConfiguration, rollback: PlannedRollback? = nil
  ) {
    self.rollback = rollback
    self.mode = mode
    self.changes = changes
    self.unchangedCount = unchangedCount
    self.operations = operations
    self.warnings = warnings
    self.prior = prior
    self.providers = providers
    self.stateBackend = stateBackend
    self.variables = variables
    self.configuration = configuration
  }

  /// True when applying would change nothing at all (not even settings).
  public var hasChanges: Bool { !changes.isEmpty }

  /// Counts for the summary line: creates, replaces, destroys, settings-only updates.
  public var summary: PlanSummary {
    var summary = PlanSummary()
    for change in changes {
      switch change.change {
      case .create: summary.create += 1
      case .replace: summary.replace += 1
      case .destroy: summary.destroy += 1
      case .keep: summary.settingsUpdate += 1
      }
    }
    return summary
  }
}

public struct PlanSummary: Sendable, Hashable {
  public var create = 0
  public var replace = 0
  public var destroy = 0
  public var settingsUpdate = 0
  public init() {}
}

/// One change of a plan, keyed by address (and the recorded generation for old objects).
public struct PlannedChange: Sendable, Hashable {
  public var address: ResourceAddress
  public var change: Change
  public init(address: ResourceAddress, change: Change) {
    self.address = address
    self.change = change
  }

  /// The recorded object this change is about, if any.
  public var recorded: RecordedObject? {
    switch change {
    case .create: nil
    case .replace(let recorded, _, _, _, _), .destroy(let recorded, _), .keep(let recorded, _): recorded
    }
  }

  /// The new object, if any.
  public var planned: PlannedObject? {
    switch change {
    case .create(let planned), .replace(_, let planned, _, _, _): planned
    case .destroy, .keep: nil
    }
  }

  /// `image.web`, or `image.web#g5` for a change about an older generation.
  public var displayAddress: String {
    if let recorded, recorded.status != .current { return recorded.objectKey }
    return address.description
  }
}

/// What a rollback plan rolls back: from the latest applied version (`fromVersion`, nil when the
/// history is empty) to `toVersion`.
public struct PlannedRollback: Sendable, Hashable {
  public var toVersion: Int
  public var fromVersion: Int?
  public init(toVersion: Int, fromVersion: Int?) {
    self.toVersion = toVersion
    self.fromVersion = fromVersion
  }
}

/// The state a plan was made from; apply refuses when the state has moved on.
public struct PriorState: Sendable, Hashable {
  public var lineage: String
  public var serial: Int
  public var digest: String
  /// No state existed: apply creates it with this lineage.
  public var isNew: Bool
  /// "rolled back from version N" in the prior state.
  public var rolledBackFromVersion: Int?
  public init(lineage: String, serial: Int, digest: String, isNew: Bool, rolledBackFromVersion: Int?) {
    self.lineage = lineage
    self.serial = serial
    self.digest = digest
    self.isNew = isNew
    self.rolledBackFromVersion = rolledBackFromVersion
  }
}

/// A variable as the plan records it: plain value, or only a digest when sensitive.
public struct PlannedVariable: Sendable, Hashable {
  public var name: String
  /// The value; for a sensitive variable only its digest (`.sensitiveDigest`).
  public var value: RecordedValue
  public var isSensitive: Bool
  public init(name: String, value: RecordedValue, isSensitive: Bool) {
    self.name = name
    self.value = value
    self.isSensitive = isSensitive
  }
}

/// The configuration source files as planned, so apply can re-run `Frontend.load` and
/// `Graph.evaluateIdentity` with real outputs.
public struct PlannedConfiguration: Sendable, Hashable {
  public struct File: Sendable, Hashable {
    /// Name relative to the configuration directory (`web.imm.hcl`).
    public var path: String
    public var text: String
    public init(path: String, text: String) {
      self.path = path
      self.text = text
    }
  }
  public var files: [File]
  /// The configuration directory exactly as given to `plan` (`.` by default). `apply PLANFILE`
  /// resolves the plan's relative state and sim paths against it; a relative directory is
  /// relative to the working directory `plan` ran in (like `terraform -chdir`). Plan files
  /// written before this field existed read as `.`.
  public var directory: String
  public init(files: [File], directory: String = ".") {
    self.files = files.sorted { $0.path < $1.path }
    self.directory = directory
  }
}
