import ImmplanParser
import ImmplanSupport

/// Finds the subcommand for a command line, parses its flags and runs it.
enum Dispatcher {
  static let program = "immplan"
  static let usage = "usage: immplan COMMAND [ARGS...]"

  static func run(_ arguments: [String], environment: [String: String], console: Console) -> ExitCode {
    let colored =
      console.isStandardErrorTerminal && !Invocation.noColorRequested(environment)
      && !arguments.contains { $0 == "-no-color" || $0 == "--no-color" }
    guard let first = arguments.first else {
      console.error(overview())
      return .failure
    }
    switch first {
    case "help", "-h", "-help", "--help":
      return help(Array(arguments.dropFirst()), console: console, colored: colored)
    case "-v", "-version", "--version":
      return run(VersionCommand.entry, [], environment: environment, console: console)
    default: break
    }
    switch lookUp(arguments) {
    case .found(let command, let consumed):
      return run(command, Array(arguments.dropFirst(consumed)), environment: environment, console: console)
    case .failed(let diagnostic):
      console.error(DiagnosticRenderer.render([diagnostic], sources: SourceManager(), color: colored))
      console.error(usage + "\nRun `immplan help` for the list of commands.\n")
      return .failure
    }
  }

  // MARK: - Lookup

  private enum Lookup {
    case found(CommandEntry, consumed: Int)
    case failed(Diagnostic)
  }

  /// Matches the longest command name (one or two words) at the start of `arguments`.
  private static func lookUp(_ arguments: [String]) -> Lookup {
    if arguments.count >= 2,
      let command = commandTable.first(where: { $0.spec.name == arguments[0] + " " + arguments[1] })
    {
      return .found(command, consumed: 2)
    }
    if let command = commandTable.first(where: { $0.spec.name == arguments[0] }) {
      return .found(command, consumed: 1)
    }
    let group = commandTable.map(\.spec.name).filter { $0.hasPrefix(arguments[0] + " ") }
    if !group.isEmpty {
      let choices = group.map { String($0.dropFirst(arguments[0].count + 1)) }
      guard arguments.count >= 2, !arguments[1].hasPrefix("-") else {
        return .failed(.missingSubcommand(arguments[0], choices: choices))
      }
      let suggestion = CommandLineSuggestion.closest(to: arguments[1], among: choices)
      return .failed(
        .unknownCommand(arguments[0] + " " + arguments[1], suggestion: suggestion.map { arguments[0] + " " + $0 }))
    }
    let topLevel = commandTable.map { String($0.spec.name.split(separator: " ")[0]) }
    return .failed(
      .unknownCommand(arguments[0], suggestion: CommandLineSuggestion.closest(to: arguments[0], among: topLevel)))
  }

  private static func run(
    _ command: CommandEntry, _ arguments: [String], environment: [String: String], console: Console
  ) -> ExitCode {
    switch command.spec.parse(arguments) {
    case .success(.helpRequested):
      console.out(command.spec.help(program: program))
      return .success
    case .success(.arguments(let parsed)):
      let invocation = Invocation(spec: command.spec, arguments: parsed, environment: environment, console: console)
      return command.run(invocation)
    case .failure(let error):
      let colored =
        console.isStandardErrorTerminal && !Invocation.noColorRequested(environment)
        && !arguments.contains { $0 == "-no-color" || $0 == "--no-color" }
      console.error(DiagnosticRenderer.render([.argumentError(error)], sources: SourceManager(), color: colored))
      console.error(command.spec.usage(program: program) + "\n")
      return .failure
    }
  }

  // MARK: - Help

  private static func help(_ topic: [String], console: Console, colored: Bool) -> ExitCode {
    if topic.isEmpty {
      console.out(overview())
      return .success
    }
    switch lookUp(topic) {
    case .found(let command, _):
      console.out(command.spec.help(program: program))
      return .success
    case .failed(let diagnostic):
      console.error(DiagnosticRenderer.render([diagnostic], sources: SourceManager(), color: colored))
      return .failure
    }
  }

  /// The general help: usage and the command list.
  static func overview() -> String {
    let names = commandTable.map(\.spec.name)
    let width = names.map(\.count).max() ?? 0
    var text = usage + "\n\n"
    text += "immplan compiles a declarative configuration of images, launch templates and fleets into a\n"
    text += "typed graph, plans only create, replace and destroy operations against the recorded state,\n"
    text += "and applies them. Deployed objects are never modified.\n\nCommands:\n"
    for command in commandTable {
      let name = command.spec.name
      text += "  " + name + String(repeating: " ", count: width - name.count + 3) + command.spec.abstract + "\n"
    }
    text += "\nRun `immplan COMMAND -h` for the options of one command.\n"
    return text
  }
}
