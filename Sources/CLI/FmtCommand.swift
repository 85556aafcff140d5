import ImmplanParser
import ImmplanSupport

/// `immplan fmt [-check] [-diff] [PATH... | -]`: rewrites HCL files in the canonical layout.
enum FmtCommand: Subcommand {
  static let spec = CommandSpec(
    name: "fmt", abstract: "Rewrite HCL files in the canonical layout (syntax only).",
    flags: [
      .bool("check", help: "Change no file; exit 3 when any file needs formatting."),
      .bool("diff", help: "Print a unified diff of the changes."),
      .bool("list", help: "List the files that change (default true; -list=false to silence)."),
      .noColor,
    ],
    positionals: [.repeated("PATH")], positionalUsage: "[PATH... | -]",
    discussion: """
      Directories are searched recursively for *.hcl files (hidden directories are skipped);
      files named explicitly are formatted whatever their name. With `-` the input is read from
      standard input and the formatted text written to standard output. A file with syntax errors
      is left alone and makes the exit status 1.
      """)

  static func run(_ invocation: Invocation) -> ExitCode {
    let check = invocation.arguments.flag("check")
    let diff = invocation.arguments.flag("diff")
    let list = !invocation.arguments.isPresent("list") || invocation.arguments.flag("list")
    var run = FormatRun(invocation: invocation, check: check, diff: diff, list: list)
    let paths = invocation.arguments.positionals.isEmpty ? ["."] : invocation.arguments.positionals
    for path in paths {
      if path == "-" {
        run.formatStandardInput()
      } else {
        run.formatPath(path, isExplicit: true)
      }
    }
    invocation.reportFailure("format", run.diagnostics)
    if run.failed { return .failure }
    return check && run.changed ? .needsFormatting : .success
  }
}
