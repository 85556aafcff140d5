import ImmplanExecutor
import ImmplanParser
import ImmplanPlanner
import ImmplanSupport

/// `immplan show [PLANFILE | DIR] [-json | -markdown] [-no-color]`: a saved plan (validated,
/// checksum included), or the current state of a configuration directory.
enum ShowCommand: Subcommand {
  static let spec = CommandSpec(
    name: "show", abstract: "Show a saved plan file, or the current state of DIR (default: the current directory).",
    flags: [
      .bool("json", help: "Print the plan file's content."),
      .bool("markdown", help: "Print a pull-request comment (under 60,000 characters)."), .noColor,
    ] + StateAccess.lockFlags,
    positionals: [.optional("PLANFILE | DIR")])

  static func run(_ invocation: Invocation) -> ExitCode {
    let arguments = invocation.arguments
    let target = arguments.positional(0) ?? "."
    guard invocation.fileSystem.isDirectory(target) == true else {
      let bytes: [UInt8]
      do throws(FileSystemError) {
        bytes = try invocation.fileSystem.readFile(target)
      } catch {
        invocation.console.error("error: cannot read plan file `\(target)`: \(error.reason)\n")
        return .failure
      }
      do throws(PlanFileError) {
        let (plan, checksum) = try PlanFile.decode(bytes, path: target)
        let format: PlanRenderFormat =
          arguments.flag("json")
          ? .json : arguments.flag("markdown") ? .markdown : .text(color: invocation.isOutputColored)
        invocation.console.out(PlanRenderer.render(plan, as: format, checksum: checksum))
        return .success
      } catch {
        invocation.console.error("error: \(error)\n")
        return .failure
      }
    }
    guard let settings = ApplyContext.settings(invocation) else { return .failure }
    let workflow = ApplyWorkflow(context: ApplyContext.make(invocation), settings: settings)
    let lock = StateAccess.wantsLock(invocation)
    return ApplyContext.run { await workflow.showState(target, lock: lock) }
  }
}
