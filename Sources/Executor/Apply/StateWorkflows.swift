import ImmplanParser
import ImmplanPlanner

/// `output` and `history`: read the state (recovering a crashed apply first) and print.
extension ApplyWorkflow {
  /// The configuration in `directory` with the command's variables; nil after reporting its
  /// diagnostics and saying it cannot be loaded.
  func loadConfiguration(_ directory: String) -> (Graph, LoadResult)? {
    let load = Frontend.load(
      LoadOptions(directory: directory, environment: context.environment, variableAssignments: settings.assignments),
      fileSystem: context.fileSystem)
    guard let graph = load.graph else {
      context.report(load.diagnostics, load.sources)
      _ = context.fail("cannot load the configuration in `\(directory)`")
      return nil
    }
    return (graph, load)
  }

  /// Opens the configuration in `directory`, its provider and state (locked, recovered).
  func openState(_ directory: String, operation: String) async -> (Graph, LoadResult, StateSession, any Provider)? {
    guard let (graph, load) = loadConfiguration(directory) else { return nil }
    guard
      case .success(let provider) = ProviderFactory.provider(
        graph.providers, configurationDirectory: directory, environment: context.environment, clock: context.clock),
      case .success(let store) = storeOrReport(graph.stateBackend, directory: directory)
    else {
      _ = setupFailure(graph.providers, graph.stateBackend, directory: directory)
      return nil
    }
    do throws(ApplyError) {
      let session = try await StateSession.open(
        store: store, operation: operation, lockTimeout: settings.lockTimeout, provider: provider)
      printRecovery(session)
      return (graph, load, session, provider)
    } catch {
      _ = context.fail("\(error)")
      return nil
    }
  }

  /// `immplan output [DIR] [NAME] [-json]`: every output (sensitive ones as `(sensitive)`), or
  /// the one named, revealed.
  public func output(_ directory: String, name: String?, json: Bool) async -> Int32 {
    guard let (graph, _, session, _) = await openState(directory, operation: "output") else { return 1 }
    await session.close()
    let state = session.loaded.state
    guard let name else {
      context.out(
        json ? OutputRenderer.json(graph: graph, state: state) : OutputRenderer.text(graph: graph, state: state))
      return 0
    }
    guard let value = OutputRenderer.value(named: name, graph: graph, state: state) else {
      let names = graph.outputs.map { "`\($0.name)`" }.sorted().joined(separator: ", ")
      return context.fail("no output named `\(name)`" + (names.isEmpty ? "" : "; the outputs are \(names)"))
    }
    context.out((json ? OutputRenderer.jsonValue(value.unmarked) : OutputRenderer.reveal(value)) + "\n")
    return 0
  }

  /// `immplan history [DIR]`: applied versions, newest first, with each object's name and digest.
  public func history(_ directory: String) async -> Int32 {
    guard let (_, _, session, _) = await openState(directory, operation: "history") else { return 1 }
    await session.close()
    context.out(HistoryRenderer.render(session.loaded.state))
    return 0
  }
}

/// The text of `immplan history`. Pure.
public enum HistoryRenderer {
  public static func render(_ state: State) -> String {
    guard !state.history.isEmpty else { return "No versions applied yet.\n" }
    var lines: [String] = []
    if let from = state.rolledBackFrom { lines += ["Rolled back from version \(from).", ""] }
    let latest = state.history.last?.number
    for version in state.history.reversed() {
      let mark = version.number == latest ? "  (latest)" : ""
      lines.append("Version \(version.number)  \(version.time)  plan \(version.planChecksum.prefix(12))…\(mark)")
      let width = version.objects.keys.map(\.description.count).max() ?? 0
      for address in version.objects.keys.sorted() {
        let object = version.objects[address]!
        let text = address.description
        let padding = String(repeating: " ", count: width - text.count)
        lines.append("  \(text)\(padding)  \(object.name)  \(object.digest.prefix(12))…")
      }
      lines.append("")
    }
    return lines.joined(separator: "\n")
  }
}

/// `force-unlock`: release a lock whose holder is gone (brief §4).
extension ApplyWorkflow {
  /// `immplan force-unlock LOCK_ID [DIR]`: removes the state lock if its ID is `lockID`. Takes no
  /// lock itself; refuses (exit 1) when the ID does not match the current holder's.
  public func forceUnlock(_ lockID: String, directory: String) async -> Int32 {
    guard let (graph, _) = loadConfiguration(directory) else { return 1 }
    let store: StateStore
    switch storeOrReport(graph.stateBackend, directory: directory) {
    case .success(let opened): store = opened
    case .failure: return setupFailure(graph.providers, graph.stateBackend, directory: directory)
    }
    do throws(StateError) {
      try await store.forceUnlock(id: lockID)
    } catch {
      return context.fail("\(error)")
    }
    context.out("The state lock \(lockID) was released. Nothing else was changed.\n")
    return 0
  }
}
