import ImmplanParser

// State errors are environment failures and are thrown as ``StateError``; the CLI shows them as
// diagnostics through this mapping so every error prints the same way. Codes E1900–E1919 are
// reserved for state storage (the rest of E1xxx belongs to the planner).

extension DiagnosticCode {
  static let stateIO = DiagnosticCode("E1900")
  static let stateMalformedJSON = DiagnosticCode("E1901")
  static let stateNotAStateFile = DiagnosticCode("E1902")
  static let stateNewerFormatVersion = DiagnosticCode("E1903")
  static let stateUnsupportedFormatVersion = DiagnosticCode("E1904")
  static let stateInvalidField = DiagnosticCode("E1905")
  static let stateCorruptJournal = DiagnosticCode("E1906")
  static let stateChanged = DiagnosticCode("E1907")
  static let stateLocked = DiagnosticCode("E1908")
  static let stateLockTimeout = DiagnosticCode("E1909")
  static let stateLockIDMismatch = DiagnosticCode("E1910")
  static let stateNotLocked = DiagnosticCode("E1911")
  static let stateJournalClosed = DiagnosticCode("E1912")
}

extension StateError {
  /// The stable diagnostic code of this error.
  public var code: DiagnosticCode {
    switch self {
    case .io: .stateIO
    case .malformedJSON: .stateMalformedJSON
    case .notAStateFile: .stateNotAStateFile
    case .newerFormatVersion: .stateNewerFormatVersion
    case .unsupportedFormatVersion: .stateUnsupportedFormatVersion
    case .invalidField: .stateInvalidField
    case .corruptJournal: .stateCorruptJournal
    case .stateChanged: .stateChanged
    case .locked: .stateLocked
    case .lockTimeout: .stateLockTimeout
    case .lockIDMismatch: .stateLockIDMismatch
    case .notLocked: .stateNotLocked
    case .journalClosed: .stateJournalClosed
    }
  }

  /// This error as a source-less error diagnostic with a `help:` where a fix is known.
  public var diagnostic: Diagnostic {
    Diagnostic.error(code, description, at: nil, help: help)
  }

  private var help: String? {
    switch self {
    case .malformedJSON, .invalidField, .notAStateFile:
      "the file was left untouched; restore it from its `.backup` or fix it by hand"
    case .corruptJournal:
      "the journal was left untouched; it records an apply's progress, so inspect it before removing it"
    case .newerFormatVersion: "use an immplan release that supports this format_version"
    case .locked(_, let holder?), .lockTimeout(_, let holder?, _):
      "wait for it to finish, retry with `-lock-timeout`, or if it is stuck run `immplan force-unlock \(holder.id)`"
    case .locked, .lockTimeout: "wait for it to finish or retry with `-lock-timeout`"
    case .stateChanged: "run the command again to work from the new state"
    case .lockIDMismatch(_, _, let holder?): "the lock ID of the current holder is `\(holder.id)`"
    default: nil
    }
  }
}
