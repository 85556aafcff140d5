import ImmplanParser
import ImmplanPlanner

/// What the state-changing commands (`apply`, `destroy`, `rollback`, `output`, `history`) need from
/// the command line, injected so the workflows are library code: streams, prompting, files, the
/// environment and the clocks.
public struct CommandContext: Sendable {
  /// Results and progress (stdout).
  public var out: @Sendable (String) -> Void
  /// Errors (stderr).
  public var error: @Sendable (String) -> Void
  /// Renders diagnostics to stderr.
  public var report: @Sendable ([Diagnostic], SourceManager) -> Void
  /// Asks a yes/no question on the terminal and returns the answer; nil when nobody can answer
  /// (stdin is not a terminal).
  public var ask: (@Sendable (String) -> String?)?
  /// Called once right before the executor starts: the CLI routes Ctrl-C to ``interrupts`` from
  /// then on (before, an interrupt simply ends the process).
  public var beginExecution: @Sendable () -> Void
  public var interrupts: InterruptSignal
  public var fileSystem: any FileSystem
  public var environment: [String: String]
  public var color: Bool
  public var clock: any ExecutionClock
  public var stateEnvironment: StateEnvironment
  /// Writes a file (a plan saved with `-out`); false on failure.
  public var write: @Sendable (String, [UInt8]) -> Bool = { _, _ in false }

  public init(
    out: @escaping @Sendable (String) -> Void, error: @escaping @Sendable (String) -> Void,
    report: @escaping @Sendable ([Diagnostic], SourceManager) -> Void, ask: (@Sendable (String) -> String?)?,
    beginExecution: @escaping @Sendable () -> Void = {}, interrupts: InterruptSignal = InterruptSignal(),
    fileSystem: any FileSystem, environment: [String: String], color: Bool = false,
    clock: any ExecutionClock = SystemClock(), stateEnvironment: StateEnvironment = .live
  ) {
    self.out = out
    self.error = error
    self.report = report
    self.ask = ask
    self.beginExecution = beginExecution
    self.interrupts = interrupts
    self.fileSystem = fileSystem
    self.environment = environment
    self.color = color
    self.clock = clock
    self.stateEnvironment = stateEnvironment
  }

  func fail(_ message: String) -> Int32 {
    error("error: \(message)\n")
    return 1
  }
}

/// Flags shared by the state-changing commands.
public struct ApplySettings: Sendable {
  public var parallelism: Int = 10
  public var lockTimeout: Duration = .zero
  public var autoApprove = false
  public var assignments: [VariableAssignment] = []
  /// How often a long operation prints "still creating…".
  public var progressInterval: Duration? = .seconds(10)
  public init() {}
}
