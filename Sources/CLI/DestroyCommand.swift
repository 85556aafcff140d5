import ImmplanExecutor
import ImmplanParser
import ImmplanSupport

/// `immplan destroy [DIR] [-auto-approve] [-parallelism N] [-var N=V]... [-var-file F]...
/// [-lock-timeout DUR] [-no-color]`.
enum DestroyCommand: Subcommand {
  static let spec = CommandSpec(
    name: "destroy", abstract: "Plan the destruction of everything recorded and apply it after confirmation.",
    flags: [
      .bool("auto-approve", help: "Destroy without asking for `yes`."),
      .value("parallelism", "N", help: "At most N operations at once (default 10)."),
      .variable, .variableFile, .lockTimeout, .noColor,
    ],
    positionals: [.optional("DIR")],
    discussion: "Objects with `prevent_destroy` stop the plan with an error naming them.")

  static func run(_ invocation: Invocation) -> ExitCode {
    guard let settings = ApplyContext.settings(invocation) else { return .failure }
    let directory = invocation.directory()
    let workflow = ApplyWorkflow(context: ApplyContext.make(invocation), settings: settings)
    return ApplyContext.run { await workflow.applyDirectory(directory, mode: .destroy) }
  }
}
