/// Every way reading, writing, journaling or locking state can fail: data, rendered in one place
/// (``description``) with the file path. Thrown (typed) because these are environment failures,
/// not mistakes in the configuration. On every error the files on disk are left as they were.
public enum StateError: Error, Sendable, Hashable, CustomStringConvertible {
  /// An operating-system call failed (`operation` such as "open", "fsync", "rename"; `reason` from errno).
  case io(path: String, operation: String, reason: String)
  /// The bytes are not JSON (truncated, hand-mangled…); `detail` says where.
  case malformedJSON(path: String, detail: String)
  /// Valid JSON, but not an immplan state file (e.g. a Terraform state, or an array).
  case notAStateFile(path: String, reason: String)
  /// A state file written by a newer immplan.
  case newerFormatVersion(path: String, found: Int, supported: Int)
  /// A `format_version` this build never wrote (0, negative).
  case unsupportedFormatVersion(path: String, found: Int)
  /// A field has the wrong type or an impossible value; `jsonPath` like `$.resources["image.web"].current.cloud_id`.
  case invalidField(path: String, jsonPath: String, reason: String)
  /// A journal line (1-based) other than a torn last one is damaged.
  case corruptJournal(path: String, line: Int, reason: String)
  /// The state changed since it was read (compare-and-swap failed); nothing was written.
  case stateChanged(path: String)
  /// The state is locked by someone else (`holder` nil when the lock file could not be read).
  case locked(path: String, holder: LockInfo?)
  /// Waited `seconds` for the lock in vain.
  case lockTimeout(path: String, holder: LockInfo?, seconds: Double)
  /// `force-unlock` was given an ID that is not the holder's.
  case lockIDMismatch(path: String, given: String, holder: LockInfo?)
  /// `force-unlock` or release on a state that is not locked (by that ID).
  case notLocked(path: String)
  /// An earlier journal write failed, so this writer refuses further appends (the journal may be torn).
  case journalClosed(path: String, reason: String)

  public var description: String {
    switch self {
    case .io(let path, let operation, let reason):
      return "cannot \(operation) `\(path)`: \(reason)"
    case .malformedJSON(let path, let detail):
      return "state file `\(path)` is not valid JSON (truncated or edited by hand?): \(detail)"
    case .notAStateFile(let path, let reason):
      return "`\(path)` is not an immplan state file: \(reason)"
    case .newerFormatVersion(let path, let found, let supported):
      return "state file `\(path)` has format_version \(found), but this immplan reads only up to \(supported);"
        + " upgrade immplan to use it"
    case .unsupportedFormatVersion(let path, let found):
      return "state file `\(path)` has unsupported format_version \(found)"
    case .invalidField(let path, let jsonPath, let reason):
      return "state file `\(path)` is invalid at `\(jsonPath)`: \(reason)"
    case .corruptJournal(let path, let line, let reason):
      return "journal `\(path)` is corrupt at line \(line): \(reason)"
    case .stateChanged(let path):
      return "state `\(path)` was changed by someone else since it was read; nothing was written"
    case .locked(let path, let holder):
      return "state `\(path)` is locked" + StateError.describe(holder)
    case .lockTimeout(let path, let holder, let seconds):
      return "timed out after \(seconds)s waiting for the lock on state `\(path)`" + StateError.describe(holder)
    case .lockIDMismatch(let path, let given, let holder):
      return "lock ID `\(given)` does not match the lock on state `\(path)`" + StateError.describe(holder)
    case .notLocked(let path):
      return "state `\(path)` is not locked"
    case .journalClosed(let path, let reason):
      return "journal `\(path)` refuses further writes after an earlier failure: \(reason)"
    }
  }

  private static func describe(_ holder: LockInfo?) -> String {
    guard let holder else { return "" }
    return
      " by \(holder.who) (pid \(holder.pid)) since \(holder.time) for `\(holder.operation)`, lock ID `\(holder.id)`"
  }
}

/// Who holds a lock (BRIEF §4), as written in the lock file.
public struct LockInfo: Sendable, Hashable {
  /// The ID `force-unlock` must be given.
  public var id: String
  /// `user@host`.
  public var who: String
  public var time: Timestamp
  /// The command holding it (`plan`, `apply`…).
  public var operation: String
  public var pid: Int32

  public init(id: String, who: String, time: Timestamp, operation: String, pid: Int32) {
    self.id = id
    self.who = who
    self.time = time
    self.operation = operation
    self.pid = pid
  }
}
