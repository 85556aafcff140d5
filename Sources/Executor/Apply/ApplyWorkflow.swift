import ImmplanParser
import ImmplanPlanner

/// The `apply` family as library code (the CLI files only parse flags and call these):
/// `apply PLANFILE`, `apply DIR`, `destroy DIR`. Each returns the exit status (BRIEF §7).
public struct ApplyWorkflow: Sendable {
  public var context: CommandContext
  public var settings: ApplySettings

  public init(context: CommandContext, settings: ApplySettings) {
    self.context = context
    self.settings = settings
  }

  // MARK: - apply PLANFILE

  /// Applies the reviewed plan file `path` exactly, or refuses changing nothing. Relative
  /// provider and state paths in the plan resolve against the configuration directory recorded
  /// in it (as given to `plan`; a relative one is relative to the directory `plan` ran in, like
  /// `terraform -chdir`), so the plan applies from any directory. A local state that does not
  /// exist there is refused before locking, so a refused apply creates no file anywhere.
  public func applyPlanFile(_ path: String, expectedChecksum: String?) async -> Int32 {
    let bytes: [UInt8]
    do throws(FileSystemError) {
      bytes = try context.fileSystem.readFile(path)
    } catch {
      return context.fail("cannot read plan file `\(path)`: \(error.reason)")
    }
    let plan: Plan
    let checksum: String
    do throws(PlanFileError) {
      (plan, checksum) = try PlanFile.decode(bytes, path: path)
    } catch {
      return context.fail(ApplyError.planFile(error).unchangedDescription)
    }
    if let expectedChecksum, expectedChecksum.lowercased() != checksum {
      return context.fail(
        ApplyError.unexpectedChecksum(expected: expectedChecksum, actual: checksum).unchangedDescription)
    }
    // The plan's own configuration, with its recorded variables and the re-supplied secrets.
    let load = Frontend.load(
      PlanFileSystem.loadOptions(environment: context.environment, assignments: settings.assignments),
      fileSystem: PlanFileSystem(plan: plan, fallback: context.fileSystem))
    guard let graph = load.graph else {
      context.report(load.diagnostics, load.sources)
      return context.fail("cannot load the plan's configuration with these variables; nothing was changed")
    }
    let directory = plan.configuration.directory
    if case .local(let statePath) = plan.stateBackend {
      let resolved = ProviderFactory.resolve(statePath, configurationDirectory: directory)
      if (try? context.fileSystem.readFile(resolved)) == nil {
        return context.fail(ApplyError.missingState(path: resolved, lineage: plan.prior.lineage).unchangedDescription)
      }
    }
    guard
      case .success(let provider) = ProviderFactory.provider(
        plan.providers, configurationDirectory: directory, environment: context.environment, clock: context.clock),
      case .success(let store) = storeOrReport(plan.stateBackend, directory: directory)
    else { return setupFailure(plan.providers, plan.stateBackend, directory: directory) }
    let session: StateSession
    do throws(ApplyError) {
      session = try await StateSession.open(
        store: store, operation: "apply", lockTimeout: settings.lockTimeout, provider: provider)
    } catch {
      return context.fail("\(error)")
    }
    printRecovery(session)
    let differing = PlanVariables.differing(plan: plan, graph: graph, key: session.loaded.state.digestKey)
    if !differing.isEmpty {
      await session.close()
      return context.fail(ApplyError.variablesDiffer(differing).unchangedDescription)
    }
    let status = await execute(plan, checksum: checksum, graph: graph, session: session, provider: provider)
    await session.close()
    return status
  }

  // MARK: - apply DIR, destroy DIR

  /// Plans the configuration in `directory` (`destroy`: everything), shows the plan, asks for
  /// `yes` unless `-auto-approve`, and applies it under the same lock.
  public func applyDirectory(_ directory: String, mode: Plan.Mode, replace: [String] = []) async -> Int32 {
    guard let (graph, load) = loadConfiguration(directory) else { return 1 }
    if !settings.autoApprove && context.ask == nil {
      return context.fail(
        "refusing to \(mode == .destroy ? "destroy" : "apply") without confirmation: standard input is not a"
          + " terminal; pass -auto-approve, or save a plan with `immplan plan -out FILE` and apply that file")
    }
    guard
      case .success(let provider) = ProviderFactory.provider(
        graph.providers, configurationDirectory: directory, environment: context.environment, clock: context.clock),
      case .success(let store) = storeOrReport(graph.stateBackend, directory: directory)
    else { return setupFailure(graph.providers, graph.stateBackend, directory: directory) }
    let session: StateSession
    do throws(ApplyError) {
      session = try await StateSession.open(
        store: store, operation: mode == .destroy ? "destroy" : "apply", lockTimeout: settings.lockTimeout,
        provider: provider, createIfMissing: true)
    } catch {
      return context.fail("\(error)")
    }
    printRecovery(session)
    let outcome = Planner.plan(
      PlanRequest(
        graph: graph, sources: load.sources, syntax: load.files, state: session.loaded.state,
        stateDigest: session.loaded.state.stateDigest, isNewState: false, mode: mode,
        replaceAddresses: replace, bindings: ProviderFactory.bindings(for: graph, environment: context.environment),
        directory: directory))
    context.report(load.diagnostics + outcome.diagnostics, load.sources)
    guard let plan = outcome.plan else {
      await session.close()
      return context.fail("cannot plan")
    }
    let status = await confirmAndExecute(plan, graph: graph, session: session, provider: provider)
    await session.close()
    return status
  }

  /// Shows `plan`, asks for `yes` unless `-auto-approve`, then applies it.
  func confirmAndExecute(
    _ plan: Plan, graph: Graph, session: StateSession, provider: any Provider
  ) async -> Int32 {
    context.out(PlanTextRenderer(color: context.color).render(plan))
    guard plan.hasChanges else { return 0 }
    if !settings.autoApprove {
      context.out("\n")
      let answer = context.ask?("Do you want to perform these actions? Only 'yes' will be accepted: ")
      guard answer?.trimmingWhitespace == "yes" else {
        context.error("Apply cancelled; nothing was changed.\n")
        return 1
      }
    }
    context.out("\n")
    // Never saved: the applier computes its checksum (for the history) while the apply starts.
    return await execute(plan, checksum: nil, graph: graph, session: session, provider: provider)
  }

  // MARK: - Shared

  /// Applies a checked plan and prints progress, the summary and outputs.
  func execute(
    _ plan: Plan, checksum: String?, graph: Graph, session: StateSession, provider: any Provider
  ) async -> Int32 {
    let reporter = PlainTextReporter(write: context.out)
    let applier = Applier(
      provider: provider, reporter: reporter, clock: context.clock,
      options: Executor.Options(parallelism: settings.parallelism, progressInterval: settings.progressInterval),
      interrupts: context.interrupts)
    if plan.hasChanges { context.beginExecution() }
    let result: Applier.Result
    do throws(ApplyError) {
      result = try await applier.apply(
        plan, checksum: checksum, graph: graph, session: session)
    } catch {
      let unchanged: Bool =
        switch error {
        // An invalid plan is refused before anything is journaled (``Applier/refusal``).
        case .journal: false
        default: true
        }
      return context.fail(unchanged ? error.unchangedDescription : "\(error)")
    }
    guard let report = result.report else {
      context.out("No changes. Nothing to apply.\n")
      return 0
    }
    let text = ApplySummary(result: result, report: report, plan: plan)
    switch report.status {
    case .succeeded:
      context.out("\n" + text.completeLine + "\n")
      let outputs = plan.mode == .destroy ? "" : OutputRenderer.text(graph: graph, state: result.state)
      if !outputs.isEmpty { context.out("\nOutputs:\n\n" + outputs) }
    case .failed, .interrupted:
      context.error("\n" + text.failureText)
    }
    return report.exitCode
  }

  func printRecovery(_ session: StateSession) {
    for line in session.recoveryLines { context.out(line + "\n") }
    if !session.recoveryLines.isEmpty { context.out("\n") }
  }

  func storeOrReport(_ backend: StateBackendSettings, directory: String) -> Result<StateStore, ApplyError> {
    ProviderFactory.stateStore(
      backend, configurationDirectory: directory, environment: context.environment,
      stateEnvironment: context.stateEnvironment, clock: context.clock
    ).map { CrashHook.wrap($0, environment: context.environment) }
  }

  func setupFailure(_ providers: [ProviderConfiguration], _ backend: StateBackendSettings, directory: String) -> Int32 {
    if case .failure(let error) = ProviderFactory.provider(
      providers, configurationDirectory: directory, environment: context.environment)
    {
      return context.fail("\(error)")
    }
    if case .failure(let error) = storeOrReport(backend, directory: directory) { return context.fail("\(error)") }
    return 1
  }
}
