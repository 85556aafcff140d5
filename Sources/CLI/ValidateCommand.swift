import ImmplanParser
import ImmplanSupport

/// `immplan validate [DIR] [-json] [-no-color]`: syntax, schema, references, types and variables.
enum ValidateCommand: Subcommand {
  static let spec = CommandSpec(
    name: "validate", abstract: "Check the configuration in DIR (default: the current directory).",
    flags: [.bool("json", help: "Print the diagnostics as JSON on stdout (for editors and CI)."), .noColor],
    positionals: [.optional("DIR")],
    discussion: "Variables come from their defaults and IMMPLAN_VAR_NAME. Exit status 1 when there are errors.")

  static func run(_ invocation: Invocation) -> ExitCode {
    var options = invocation.loadOptions(directory: invocation.directory())
    options.keepsLoadTimeValues = false  // nothing is planned from this graph
    let result = Frontend.load(options, fileSystem: invocation.fileSystem)
    keepUntilExit(result)  // freeing a big load value by value costs ~10% of the run; exit reclaims it
    if invocation.arguments.flag("json") {
      invocation.console.out(DiagnosticRenderer.renderJSON(result.diagnostics, sources: result.sources))
    } else {
      invocation.report(result.diagnostics, sources: result.sources)
      invocation.reportFailure("validate", result.diagnostics)
      if !result.diagnostics.hasErrors { invocation.console.out("The configuration is valid.\n") }
    }
    return result.diagnostics.hasErrors ? .failure : .success
  }
}
