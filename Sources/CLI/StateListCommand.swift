import ImmplanExecutor
import ImmplanSupport

/// `immplan state list [DIR] [-all]`: one current address per line and nothing else; `-all` adds
/// older generations (`fleet.web#g6 deposed`).
enum StateListCommand: Subcommand {
  static let spec = CommandSpec(
    name: "state list", abstract: "List the recorded resource addresses.",
    flags: [.bool("all", help: "Also list retained, deposed and pending generations.")] + StateAccess.lockFlags,
    positionals: [.optional("DIR")])

  static func run(_ invocation: Invocation) -> ExitCode {
    guard let settings = ApplyContext.settings(invocation) else { return .failure }
    let directory = invocation.arguments.positional(0) ?? "."
    let all = invocation.arguments.flag("all")
    let lock = StateAccess.wantsLock(invocation)
    let workflow = ApplyWorkflow(context: ApplyContext.make(invocation), settings: settings)
    return ApplyContext.run { await workflow.listState(directory, all: all, lock: lock) }
  }
}
