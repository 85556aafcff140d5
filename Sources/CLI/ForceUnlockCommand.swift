import ImmplanExecutor
import ImmplanSupport

/// `immplan force-unlock LOCK_ID [DIR]`: release a stuck state lock by its ID.
enum ForceUnlockCommand: Subcommand {
  static let spec = CommandSpec(
    name: "force-unlock",
    abstract: "Release the state lock with this ID, left behind by a holder that is gone.",
    flags: [.noColor], positionals: [.required("LOCK_ID"), .optional("DIR")])

  static func run(_ invocation: Invocation) -> ExitCode {
    guard let settings = ApplyContext.settings(invocation) else { return .failure }
    let lockID = invocation.arguments.positional(0) ?? ""
    let directory = invocation.arguments.positional(1) ?? "."
    let workflow = ApplyWorkflow(context: ApplyContext.make(invocation), settings: settings)
    return ApplyContext.run { await workflow.forceUnlock(lockID, directory: directory) }
  }
}
