import ImmplanExecutor
import ImmplanParser
import ImmplanPlanner
import ImmplanSupport

/// `immplan plan [DIR] [-out FILE] [-var N=V]... [-var-file F]... [-replace ADDR]... [-destroy]
/// [-detailed-exitcode] [-json | -markdown] [-no-color] [-lock=false] [-lock-timeout DUR]`.
enum PlanCommand: Subcommand {
  static let spec = CommandSpec(
    name: "plan", abstract: "Show what apply would create, replace and destroy; -out saves the plan for review.",
    flags: [
      .value("out", "FILE", help: "Save the plan file (JSON) for `immplan apply FILE`."),
      .repeatable("var", "NAME=VALUE", help: "Set a variable (later wins)."),
      .repeatable("var-file", "FILE", help: "Read variables from a file (later wins)."),
      .repeatable("replace", "ADDRESS", help: "Force the replacement of a resource."),
      .bool("destroy", help: "Plan the destruction of everything recorded."),
      .bool("refresh", help: "Ask the provider about every recorded object first; replace missing or altered ones."),
      .bool("detailed-exitcode", help: "Exit 2 when the plan has changes."),
      .bool("json", help: "Print the plan file's content instead of text."),
      .bool("markdown", help: "Print a pull-request comment (under 60,000 characters)."), .noColor,
    ] + StateAccess.lockFlags,
    positionals: [.optional("DIR")])

  static func run(_ invocation: Invocation) -> ExitCode {
    let arguments = invocation.arguments
    let directory = arguments.positional(0) ?? "."
    let assignments = arguments.occurrences(of: ["var", "var-file"]).map {
      $0.name == "var" ? VariableAssignment.argument($0.value) : .file($0.value)
    }
    // The state document is read, hashed and decoded on the other core while the front end loads
    // the configuration; it is used only if the configuration keeps the default local state and
    // the file is unchanged when the lock is held (see StatePrefetch). Errors are reported as
    // before: configuration errors first, then the store's own read of the state.
    let prefetch = StatePrefetch.start(
      path: ProviderFactory.resolve(StateAccess.defaultStatePath, configurationDirectory: directory))
    let load = Frontend.load(
      LoadOptions(directory: directory, environment: invocation.environment, variableAssignments: assignments),
      fileSystem: invocation.fileSystem)
    keepUntilExit(load)  // freeing a big load value by value costs ~10% of the run; exit reclaims it
    guard let graph = load.graph else {
      invocation.report(load.diagnostics, sources: load.sources)
      invocation.reportFailure("plan", load.diagnostics)
      return .failure
    }
    guard let timeout = StateAccess.lockTimeout(invocation) else {
      invocation.console.error("error: the -lock-timeout value is not a duration\n")
      return .failure
    }
    // What the request needs besides the state (the configuration's files for the plan file, the
    // desired resources) is built while the state read may still be running on the other core.
    var request = PlanRequest(
      graph: graph, sources: load.sources, syntax: load.files,
      state: State(lineage: "", digestKey: DigestKey(bytes: [])),
      stateDigest: "", isNewState: false, mode: arguments.flag("destroy") ? .destroy : .normal, replaceAddresses: [],
      bindings: ProviderFactory.bindings(for: graph, environment: invocation.environment), directory: directory)
    let out = arguments.value("out")
    let refresh = arguments.flag("refresh")
    let environment = invocation.environment
    let lock = StateAccess.wantsLock(invocation)
    let prepared: PlanPreparation.Prepared
    switch StateAccess.waitFor({
      await PlanPreparation.prepare(
        graph: graph, directory: directory, environment: environment, lock: lock, lockTimeout: timeout,
        createIfMissing: out != nil, refresh: refresh, prefetch: prefetch)
    }) {
    case .success(let value): prepared = value
    case .failure(let error):
      invocation.console.error("error: \(error)\n")
      return .failure
    }
    for note in prepared.notes { invocation.console.error(note + "\n") }
    if !prepared.refreshErrors.isEmpty {
      for line in prepared.refreshErrors { invocation.console.error("error: \(line)\n") }
      let count = prepared.refreshErrors.count
      invocation.console.error(
        "error: could not plan: -refresh could not read \(count) recorded object\(count == 1 ? "" : "s")\n")
      return .failure
    }
    let loaded = prepared.loaded
    keepUntilExit(prepared)
    request.state = loaded.state
    request.stateDigest = loaded.stateDigest
    request.isNewState = loaded.stored == nil
    request.replaceAddresses = arguments.values("replace") + prepared.drifts.map(\.address.description)
    keepUntilExit(request)
    let outcome = Planner.plan(request)
    invocation.report(load.diagnostics + outcome.diagnostics, sources: load.sources)
    guard let unmarked = outcome.plan else {
      invocation.reportFailure("plan", outcome.diagnostics)
      return .failure
    }
    let plan = Refresh.marking(unmarked, drifts: prepared.drifts)
    keepUntilExit(plan)
    // The plan file is encoded only when saved: it is the size of the whole state.
    var saved: Result<String, FileSystemError>?
    if let out {
      do throws(FileSystemError) {
        saved = .success(try PlanFile.save(plan, to: out))
      } catch {
        saved = .failure(error)
      }
    }
    let checksum = try? saved?.get()
    let format: PlanRenderFormat =
      arguments.flag("json") ? .json : arguments.flag("markdown") ? .markdown : .text(color: invocation.isOutputColored)
    invocation.console.out(PlanRenderer.render(plan, as: format, checksum: checksum))
    if let out, let saved {
      switch saved {
      case .failure(let error):
        invocation.console.error("error: cannot write `\(out)`: \(error.reason)\n")
        return .failure
      case .success(let checksum):
        let line = PlanRenderer.savedLine(path: out, checksum: checksum) + "\n"
        // Keep stdout parseable for -json and -markdown.
        if case .text = format { invocation.console.out(line) } else { invocation.console.error(line) }
      }
    }
    return arguments.flag("detailed-exitcode") && plan.hasChanges ? .changesPresent : .success
  }
}
