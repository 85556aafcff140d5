import ImmplanExecutor
import ImmplanSupport

/// `immplan rollback [DIR] -to VERSION [-out FILE] [-auto-approve]`.
enum RollbackCommand: Subcommand {
  static let spec = CommandSpec(
    name: "rollback", abstract: "Plan back to an applied version (see `history`); apply it, or save it with -out.",
    flags: [
      .value("to", "VERSION", help: "The version to roll back to (required)."),
      .value("out", "FILE", help: "Save the rollback plan for review instead of applying it."),
      .bool("auto-approve", help: "Apply without asking for `yes`."),
      .value("parallelism", "N", help: "At most N operations at once (default 10)."),
      .variable, .variableFile, .lockTimeout, .noColor,
    ],
    positionals: [.optional("DIR")])

  static func run(_ invocation: Invocation) -> ExitCode {
    guard let settings = ApplyContext.settings(invocation) else { return .failure }
    guard let text = invocation.arguments.value("to"), let version = Int(text) else {
      invocation.console.error("error: rollback needs -to VERSION, a version number from `immplan history`\n")
      return .failure
    }
    let directory = invocation.directory()
    let out = invocation.arguments.value("out")
    let workflow = ApplyWorkflow(context: ApplyContext.make(invocation), settings: settings)
    return ApplyContext.run { await workflow.rollback(directory, to: version, out: out) }
  }
}
