import ImmplanExecutor
import ImmplanParser
import ImmplanSupport

/// `immplan apply [DIR | PLANFILE] [-auto-approve] [-expect-checksum SHA] [-parallelism N]
/// [-var N=V]... [-var-file F]... [-lock-timeout DUR] [-no-color]`.
enum ApplyCommand: Subcommand {
  static let spec = CommandSpec(
    name: "apply", abstract: "Apply a saved plan file exactly, or plan DIR and apply after confirmation.",
    flags: [
      .bool("auto-approve", help: "Apply DIR without asking for `yes`."),
      .value("expect-checksum", "SHA", help: "Refuse a plan file whose checksum is not this (the approved one)."),
      .value("parallelism", "N", help: "At most N operations at once (default 10)."),
      .variable, .variableFile, .lockTimeout, .noColor,
    ],
    positionals: [.optional("DIR | PLANFILE")],
    discussion: "A plan file is refused, changing nothing, when it was modified, is not the -expect-checksum one,"
      + " was already applied, or the state has moved on. Sensitive variables must be supplied again. A plan"
      + " file records its configuration directory as given to `plan`, and its relative sim and state paths"
      + " resolve against it; a relative directory is relative to where `plan` ran (like terraform -chdir), so"
      + " `plan /abs/dir -out FILE` applies from anywhere.")

  static func run(_ invocation: Invocation) -> ExitCode {
    guard let settings = ApplyContext.settings(invocation) else { return .failure }
    let target = invocation.directory()
    let workflow = ApplyWorkflow(context: ApplyContext.make(invocation), settings: settings)
    let expected = invocation.arguments.value("expect-checksum")
    if isPlanFile(target, invocation) {
      return ApplyContext.run { await workflow.applyPlanFile(target, expectedChecksum: expected) }
    }
    if expected != nil {
      invocation.console.error("error: -expect-checksum applies to a plan file, and `\(target)` is a directory\n")
      return .failure
    }
    return ApplyContext.run { await workflow.applyDirectory(target, mode: .normal) }
  }

  /// A plan file is anything that is not a directory.
  static func isPlanFile(_ path: String, _ invocation: Invocation) -> Bool {
    (try? invocation.fileSystem.contentsOfDirectory(path)) == nil
  }
}
