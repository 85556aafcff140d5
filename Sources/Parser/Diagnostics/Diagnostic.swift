/// How bad a ``Diagnostic`` is. Errors make a run fail; warnings are printed and the run goes on.
public enum Severity: String, Sendable, Hashable, Comparable {
  case error
  case warning
  case note

  private var rank: Int {
    switch self {
    case .error: 0
    case .warning: 1
    case .note: 2
    }
  }
  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A stable diagnostic code such as `E0204`. A code is never reused for another meaning.
///
/// Codes are grouped by area so each area declares its own in its own `Messages+Area.swift`:
/// `E00xx` files and input, `E01xx` lexer, `E02xx` parser, `E03xx` schema/binder,
/// `E04xx` types and evaluation, `E05xx` functions, `E06xx` variables, `E07xx` command line,
/// `E1xxx` planner and state, `E2xxx` executor and providers. Warnings use `W` with the same scheme.
public struct DiagnosticCode: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
  public var rawValue: String
  public init(rawValue: String) { self.rawValue = rawValue }
  public init(_ rawValue: String) { self.rawValue = rawValue }
  public var description: String { rawValue }
  public static func < (lhs: DiagnosticCode, rhs: DiagnosticCode) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A source span with an optional short message printed beside the carets.
public struct DiagnosticLabel: Hashable, Sendable {
  public var range: SourceRange
  public var message: String
  public init(_ range: SourceRange, _ message: String = "") {
    self.range = range
    self.message = message
  }
}

/// A problem the user can fix, as data. Rendered in exactly one place (``DiagnosticRenderer``).
///
/// Wording follows rustc: lowercase, no final period, names in backticks, one sentence.
/// `primary` is nil only for problems with no source (a bad flag, a missing directory).
public struct Diagnostic: Hashable, Sendable {
  public var severity: Severity
  public var code: DiagnosticCode
  public var message: String
  public var primary: DiagnosticLabel?
  public var secondary: [DiagnosticLabel]
  /// `= note: …` lines: context that is not a fix.
  public var notes: [String]
  /// `= help: …`: the fix, where one is known ("did you mean `instance_type`?").
  public var help: String?

  public init(
    _ severity: Severity, _ code: DiagnosticCode, _ message: String, primary: DiagnosticLabel? = nil,
    secondary: [DiagnosticLabel] = [], notes: [String] = [], help: String? = nil
  ) {
    self.severity = severity
    self.code = code
    self.message = message
    self.primary = primary
    self.secondary = secondary
    self.notes = notes
    self.help = help
  }

  public static func error(
    _ code: DiagnosticCode, _ message: String, at range: SourceRange?, label: String = "",
    notes: [String] = [], help: String? = nil
  ) -> Diagnostic {
    Diagnostic(.error, code, message, primary: range.map { DiagnosticLabel($0, label) }, notes: notes, help: help)
  }

  public static func warning(
    _ code: DiagnosticCode, _ message: String, at range: SourceRange?, label: String = "",
    notes: [String] = [], help: String? = nil
  ) -> Diagnostic {
    Diagnostic(.warning, code, message, primary: range.map { DiagnosticLabel($0, label) }, notes: notes, help: help)
  }

  public var isError: Bool { severity == .error }
}

extension Array where Element == Diagnostic {
  /// True when any element is an error.
  public var hasErrors: Bool { contains { $0.isError } }

  /// Sorted by (file, offset, code) — the one order diagnostics are ever printed in.
  public func sortedForDisplay() -> [Diagnostic] {
    self.enumerated().sorted { a, b in
      let ra = a.element.primary?.range
      let rb = b.element.primary?.range
      switch (ra, rb) {
      case (nil, nil): break
      case (nil, _): return true
      case (_, nil): return false
      case (let x?, let y?):
        if x.file != y.file { return x.file < y.file }
        if x.start != y.start { return x.start < y.start }
      }
      if a.element.code != b.element.code { return a.element.code < b.element.code }
      return a.offset < b.offset
    }.map(\.element)
  }
}
