import ImmplanParser
import ImmplanPlanner
import ImmplanSupport

/// The commands that read state — `output`, `history`, `show DIR`, `state list`, `state show`,
/// `force-unlock` — on every backend: each opens the configured store the one way
/// (``openStore(_:directory:)``, i.e. ``ProviderFactory/stateStore(_:configurationDirectory:environment:stateEnvironment:clock:)``),
/// so a `state "s3"` block works wherever a local state does.
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

  /// The state store `graph` configures; nil after saying why it cannot be opened.
  func openStore(_ graph: Graph, directory: String) -> StateStore? {
    switch storeOrReport(graph.stateBackend, directory: directory) {
    case .success(let store): return store
    case .failure(let error):
      _ = context.fail("\(error)")
      return nil
    }
  }

  /// Opens the configuration in `directory`, its provider and state (locked, recovered).
  func openState(_ directory: String, operation: String) async -> (Graph, LoadResult, StateSession, any Provider)? {
    guard let (graph, load) = loadConfiguration(directory) else { return nil }
    let provider: any Provider
    switch ProviderFactory.provider(
      graph.providers, configurationDirectory: directory, environment: context.environment, clock: context.clock)
    {
    case .success(let value): provider = value
    case .failure(let error):
      _ = context.fail("\(error)")
      return nil
    }
    guard let store = openStore(graph, directory: directory) else { return nil }
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

  /// The state of the configuration in `directory` as a read-only command shows it (BRIEF §4):
  /// loaded under the lock (unless `lock` is false), journal replayed, and after an interrupted
  /// apply its pending objects looked up by planned name as recovery would (``RecoveryPreview``),
  /// the notes saying so on standard error. Changes nothing.
  func inspectState(_ directory: String, operation: String, lock: Bool) async -> State? {
    guard let (graph, _) = loadConfiguration(directory), let store = openStore(graph, directory: directory) else {
      return nil
    }
    let loaded: LoadedState
    do throws(StateError) {
      let held = lock ? try await store.lock(operation: operation, timeout: settings.lockTimeout) : nil
      let result: Result<LoadedState, StateError>
      do throws(StateError) {
        result = .success(try await store.load())
      } catch {
        result = .failure(error)
      }
      if let held { try? await store.unlock(held) }
      loaded = try result.get()
    } catch {
      _ = context.fail("\(error)")
      return nil
    }
    guard loaded.state.hasPending || !loaded.journal.isEmpty || loaded.hadTornJournalTail else { return loaded.state }
    let provider = try? ProviderFactory.provider(
      graph.providers, configurationDirectory: directory, environment: context.environment, clock: context.clock
    ).get()
    let preview = await RecoveryPreview.inspect(loaded, provider: provider)
    for note in preview.notes { context.error(note + "\n") }
    return preview.state
  }

  /// `immplan show DIR`: a summary of the current state.
  public func showState(_ directory: String, lock: Bool) async -> Int32 {
    guard let state = await inspectState(directory, operation: "show", lock: lock) else { return 1 }
    context.out(StateRenderer.summary(state))
    return 0
  }

  /// `immplan state list [DIR] [-all]`: one address per line and nothing else.
  public func listState(_ directory: String, all: Bool, lock: Bool) async -> Int32 {
    guard let state = await inspectState(directory, operation: "state list", lock: lock) else { return 1 }
    context.out(StateRenderer.list(state, all: all))
    return 0
  }

  /// `immplan state show ADDRESS [DIR]`: the objects at one address; an unknown one is an error
  /// with the closest recorded address as a suggestion.
  public func showStateObject(_ text: String, directory: String, lock: Bool) async -> Int32 {
    guard let state = await inspectState(directory, operation: "state show", lock: lock) else { return 1 }
    guard let address = ResourceAddress(parsing: text), let rendered = StateRenderer.show(state, address: address)
    else {
      let suggestion = closestMatch(to: text, among: state.sortedAddresses.map(\.description))
      return context.fail(
        "no resource `\(text)` in the state" + (suggestion.map { "\n  = help: did you mean `\($0)`?" } ?? ""))
    }
    context.out(rendered)
    return 0
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
    guard let (graph, _) = loadConfiguration(directory), let store = openStore(graph, directory: directory) else {
      return 1
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
