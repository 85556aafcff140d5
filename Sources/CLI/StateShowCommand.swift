import ImmplanExecutor
import ImmplanSupport

/// `immplan state show ADDRESS [DIR]`: every recorded object at one address (secrets as
/// `(sensitive)`); an unknown address is an error with a suggestion.
enum StateShowCommand: Subcommand {
  static let spec = CommandSpec(
    name: "state show", abstract: "Show the recorded objects at one resource address.",
    flags: StateAccess.lockFlags, positionals: [.required("ADDRESS"), .optional("DIR")])

  static func run(_ invocation: Invocation) -> ExitCode {
    guard let settings = ApplyContext.settings(invocation) else { return .failure }
    let address = invocation.arguments.positional(0) ?? ""
    let directory = invocation.arguments.positional(1) ?? "."
    let lock = StateAccess.wantsLock(invocation)
    let workflow = ApplyWorkflow(context: ApplyContext.make(invocation), settings: settings)
    return ApplyContext.run { await workflow.showStateObject(address, directory: directory, lock: lock) }
  }
}
