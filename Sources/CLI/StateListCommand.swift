import ImmplanParser
import ImmplanPlanner
import ImmplanSupport

/// `immplan state list [DIR] [-all]`: one current address per line and nothing else; `-all` adds
/// older generations (`fleet.web#g6 deposed`).
enum StateListCommand: Subcommand {
  static let spec = CommandSpec(
    name: "state list", abstract: "List the recorded resource addresses.",
    flags: [.bool("all", help: "Also list retained, deposed and pending generations.")] + StateAccess.lockFlags,
    positionals: [.optional("DIR")])

  static func run(_ invocation: Invocation) -> ExitCode {
    StateCommandSupport.withState(
      invocation, directory: invocation.arguments.positional(0) ?? ".", operation: "state list"
    ) {
      state in
      invocation.console.out(StateRenderer.list(state, all: invocation.arguments.flag("all")))
      return .success
    }
  }
}

/// Loading the state of a configuration directory for the `state` commands (as recovery would find
/// it after an interrupted apply, without changing anything: ``StateAccess/settled(_:graph:directory:invocation:)``).
enum StateCommandSupport {
  static func withState(
    _ invocation: Invocation, directory: String, operation: String, _ body: (State) -> ExitCode
  ) -> ExitCode {
    let load = Frontend.load(
      LoadOptions(directory: directory, environment: invocation.environment), fileSystem: invocation.fileSystem)
    guard let graph = load.graph else {
      invocation.report(load.diagnostics, sources: load.sources)
      invocation.reportFailure(operation, load.diagnostics)
      return .failure
    }
    guard let store = StateAccess.store(directory: directory, backend: graph.stateBackend),
      let timeout = StateAccess.lockTimeout(invocation)
    else {
      invocation.console.error("error: the s3 state backend or the -lock-timeout value is not usable here\n")
      return .failure
    }
    switch StateAccess.load(store, operation: operation, lock: StateAccess.wantsLock(invocation), timeout: timeout) {
    case .success(let loaded):
      return body(StateAccess.settled(loaded, graph: graph, directory: directory, invocation: invocation))
    case .failure(let error):
      invocation.console.error("error: \(error)\n")
      return .failure
    }
  }
}
