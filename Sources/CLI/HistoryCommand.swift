import ImmplanExecutor
import ImmplanSupport

/// `immplan history [DIR]`: the applied versions, for `rollback -to VERSION`.
enum HistoryCommand: Subcommand {
  static let spec = CommandSpec(
    name: "history", abstract: "List the applied versions (newest first) with each object's name and digest.",
    flags: [.lockTimeout, .noColor], positionals: [.optional("DIR")])

  static func run(_ invocation: Invocation) -> ExitCode {
    guard let settings = ApplyContext.settings(invocation) else { return .failure }
    let directory = invocation.directory()
    let workflow = ApplyWorkflow(context: ApplyContext.make(invocation), settings: settings)
    return ApplyContext.run { await workflow.history(directory) }
  }
}
