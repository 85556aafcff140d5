import ImmplanParser
import ImmplanSupport

/// One `immplan` subcommand. Adding a command is one file with a type conforming to this, plus
/// one line in ``commandTable``.
///
/// STYLE.md: a subcommand declares its flags, reads files, calls one library entry point, writes
/// diagnostics to stderr and results to stdout, and maps the outcome to an ``ExitCode``.
protocol Subcommand: Sendable {
  /// Name, flags, positionals, help text. `name` may hold two words (`"state list"`).
  static var spec: CommandSpec { get }
  static func run(_ invocation: Invocation) -> ExitCode
}

extension Subcommand {
  /// This command as a row of ``commandTable``.
  static var entry: CommandEntry { CommandEntry(spec: spec, run: { run($0) }) }
}

/// A row of ``commandTable``: a spec and its run function. (A table of existential metatypes
/// crashed the 6.3 compiler in the dispatcher; plain values keep it simple and `Sendable`.)
struct CommandEntry: Sendable {
  var spec: CommandSpec
  var run: @Sendable (Invocation) -> ExitCode
}

/// Exit statuses of BRIEF §7.
enum ExitCode: Int32 {
  case success = 0
  /// Any error, usage errors included.
  case failure = 1
  /// `plan -detailed-exitcode` when there are changes.
  case changesPresent = 2
  /// `fmt -check` when a file needs formatting.
  case needsFormatting = 3
  case interrupted = 130
}

/// Everything a subcommand may use: its parsed arguments, the environment, the console.
struct Invocation {
  var spec: CommandSpec
  var arguments: ParsedArguments
  var environment: [String: String]
  var console: Console
  var fileSystem = LocalFileSystem()

  /// Colour on stderr: only on a terminal, never with `NO_COLOR` (non-empty) or `-no-color`.
  var isErrorColored: Bool {
    console.isStandardErrorTerminal && !Self.noColorRequested(environment) && !arguments.flag("no-color")
  }

  /// Colour on stdout, by the same rules.
  var isOutputColored: Bool {
    console.isStandardOutputTerminal && !Self.noColorRequested(environment) && !arguments.flag("no-color")
  }

  /// The `DIR` positional at `index`, or the current directory.
  func directory(at index: Int = 0) -> String { arguments.positional(index) ?? "." }

  /// `-var` and `-var-file` in command-line order (later wins), as the front end takes them.
  var variableAssignments: [VariableAssignment] {
    arguments.occurrences(of: ["var", "var-file"]).map { $0.name == "var" ? .argument($0.value) : .file($0.value) }
  }

  /// Options for ``Frontend/load(_:fileSystem:)``: directory, environment, variables.
  func loadOptions(directory: String) -> LoadOptions {
    LoadOptions(directory: directory, environment: environment, variableAssignments: variableAssignments)
  }

  /// A person can answer a prompt: stdin and stderr are terminals.
  var isInteractive: Bool { console.isStandardInputTerminal && console.isStandardErrorTerminal }

  /// Asks on stderr and reads the answer from stdin; true only for exactly `yes`. Without a
  /// terminal it asks nothing and returns false: callers refuse rather than hang (BRIEF §7).
  func confirm(_ question: String) -> Bool {
    guard isInteractive else { return false }
    console.error(question + "\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ")
    return console.readLine()?.trimmingWhitespace() == "yes"
  }

  static func noColorRequested(_ environment: [String: String]) -> Bool {
    !(environment["NO_COLOR"] ?? "").isEmpty
  }

  /// Renders `diagnostics` to stderr (nothing when empty).
  func report(_ diagnostics: [Diagnostic], sources: SourceManager) {
    guard !diagnostics.isEmpty else { return }
    console.error(DiagnosticRenderer.render(diagnostics, sources: sources, color: isErrorColored))
  }

  /// `error: could not validate: 2 errors, 1 warning` after the diagnostics, when there are errors.
  func reportFailure(_ action: String, _ diagnostics: [Diagnostic]) {
    guard diagnostics.hasErrors, let counts = DiagnosticRenderer.summary(of: diagnostics) else { return }
    let label = isErrorColored ? "\u{1B}[1;31merror\u{1B}[0m" : "error"
    console.error("\(label): could not \(action): \(counts)\n")
  }
}

extension String {
  /// Without leading and trailing spaces and tabs.
  fileprivate func trimmingWhitespace() -> String {
    let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    return String(drop(while: isBlank).reversed().drop(while: isBlank).reversed())
  }
}
