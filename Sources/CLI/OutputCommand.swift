import ImmplanExecutor
import ImmplanSupport

/// `immplan output [DIR] [NAME] [-json]`: sensitive outputs hidden unless named.
enum OutputCommand: Subcommand {
  static let spec = CommandSpec(
    name: "output", abstract: "Print the outputs recorded by the last apply (sensitive ones only by name).",
    flags: [.bool("json", help: "Print JSON."), .variable, .variableFile, .lockTimeout, .noColor],
    positionals: [.optional("DIR"), .optional("NAME")])

  static func run(_ invocation: Invocation) -> ExitCode {
    guard let settings = ApplyContext.settings(invocation) else { return .failure }
    var directory = invocation.arguments.positional(0) ?? "."
    var name = invocation.arguments.positional(1)
    // One positional that is not a directory is the output's name.
    if name == nil, let only = invocation.arguments.positional(0),
      (try? invocation.fileSystem.contentsOfDirectory(only)) == nil
    {
      directory = "."
      name = only
    }
    let workflow = ApplyWorkflow(context: ApplyContext.make(invocation), settings: settings)
    let json = invocation.arguments.flag("json")
    return ApplyContext.run { [directory, name] in await workflow.output(directory, name: name, json: json) }
  }
}
