import ImmplanParser
import ImmplanPlanner

/// `rollback -to VERSION` (BRIEF §5): an ordinary plan back to an applied version. Each image of
/// that version is desired with the identity of the generation the state still retains with the
/// same digest, and that generation is made current again rather than rebuilt
/// (``promotingRetained(_:state:version:)``); templates and fleets follow through the usual
/// replace cascade. Everything else is the current configuration.
public enum Rollback {
  public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownVersion(Int, available: [Int])
    case imageNotRetained(address: ResourceAddress, name: String)
    case sensitiveImage(address: ResourceAddress)

    public var description: String {
      switch self {
      case .unknownVersion(let version, let available):
        "there is no version \(version) in the history"
          + (available.isEmpty
            ? "" : " (versions \(available.map(String.init).joined(separator: ", ")); see `immplan history`)")
      case .imageNotRetained(let address, let name):
        "`\(address)` of that version (`\(name)`) is no longer retained, so it cannot be rolled back to; raise `retain`"
          + " to keep more generations"
      case .sensitiveImage(let address):
        "`\(address)` of that version was built from sensitive values the state holds only as digests;"
          + " roll back by changing the configuration instead"
      }
    }
  }

  /// The desired resources of `graph`, with every image of `version` pinned to its retained identity.
  public static func desired(graph: Graph, state: State, version number: Int) -> Result<[DesiredResource], Problem> {
    guard let version = state.history.first(where: { $0.number == number }) else {
      return .failure(.unknownVersion(number, available: state.history.map(\.number)))
    }
    var pinned: [ResourceAddress: [String: Value]] = [:]
    for (address, object) in version.objects where address.kind.traits.retainsGenerations {
      guard let resource = state.resources[address] else {
        return .failure(.imageNotRetained(address: address, name: object.name))
      }
      if resource.current?.record.digest == object.digest { continue }
      guard
        let generation = resource.generations.first(where: {
          $0.record.digest == object.digest && $0.cloudObject != nil
        })
      else { return .failure(.imageNotRetained(address: address, name: object.name)) }
      var identity: [String: Value] = [:]
      for (name, value) in generation.record.identity {
        guard let plain = value.value else { return .failure(.sensitiveImage(address: address)) }
        identity[name] = plain
      }
      pinned[address] = identity
    }
    let desired = DesiredResource.all(in: graph).map { resource -> DesiredResource in
      guard let identity = pinned[resource.address] else { return resource }
      var copy = resource
      copy.evaluateIdentity = { _ in IdentityEvaluation(attributes: identity, diagnostics: []) }
      return copy
    }
    return .success(desired)
  }
}

extension Rollback {
  /// `plan` (planned from ``desired(graph:state:version:)``) with every image whose target is a
  /// retained generation of the same digest promoted instead of rebuilt (BRIEF §3, §5: a rollback
  /// reuses retained images where their digest matches): the replace's new object is that
  /// generation (``PlannedObject/promoted``, its real outputs), its `create` becomes a `promote`
  /// (no cloud create; dependents wait for it instead), and a retention destroy of that same
  /// generation, which the plan made room for a new build with, is dropped. Templates and fleets
  /// still follow through the usual replace cascade, with the retained image's ID.
  public static func promotingRetained(_ plan: Plan, state: State, version number: Int) -> Plan {
    guard let version = state.history.first(where: { $0.number == number }) else { return plan }
    var plan = plan
    var renamed: [String: PlannedOperation] = [:]
    var dropped: Set<String> = []
    var droppedChanges: Set<String> = []
    for (index, item) in plan.changes.enumerated() {
      guard item.address.kind.traits.retainsGenerations,
        case .replace(let recorded, let planned, let order, let retire, let reasons) = item.change,
        let target = version.objects[item.address],
        let generation = state.resources[item.address]?.generations.first(where: {
          // The generation of that version, and the replace builds exactly its identity.
          if case .retained(let object) = $0 {
            object.record.digest == target.digest && object.record.identity == planned.identity
          } else {
            false
          }
        }),
        case .retained(let object) = generation,
        let create = plan.operations.first(where: { $0.address == item.address && $0.action == .create })
      else { continue }
      var outputs: ResourceOutputs = object.outputs.mapValues(Value.string)
      outputs["id"] = .string(object.cloudID)
      outputs["name"] = .string(object.record.name)
      let promoted = PlannedObject(
        name: object.record.name, generation: object.record.generation, identity: object.record.identity,
        digest: object.record.digest, outputs: outputs, dependencies: planned.dependencies,
        settings: planned.settings, provider: planned.provider, mayReuseExisting: true, promoted: true)
      plan.changes[index].change = .replace(
        recorded: recorded, planned: promoted, order: order, retire: retire, reasons: reasons)
      renamed[create.id] = PlannedOperation(
        id: PlannedOperation.promoteID(item.address, generation: object.record.generation), action: .promote,
        address: item.address, generation: object.record.generation, name: object.record.name,
        dependsOn: create.dependsOn)
      for operation in plan.operations
      where operation.action == .destroy && operation.address == item.address
        && operation.generation == object.record.generation
      {
        dropped.insert(operation.id)
      }
      droppedChanges.insert("\(item.address)#g\(object.record.generation)")
    }
    guard !renamed.isEmpty else { return plan }
    plan.changes.removeAll { item in
      guard case .destroy(let recorded, _) = item.change else { return false }
      return droppedChanges.contains("\(item.address)#g\(recorded.generation)")
    }
    plan.operations = plan.operations.compactMap { operation in
      guard !dropped.contains(operation.id) else { return nil }
      var operation = renamed[operation.id] ?? operation
      operation.dependsOn = operation.dependsOn.filter { !dropped.contains($0) }.map { renamed[$0]?.id ?? $0 }.sorted()
      return operation
    }
    return plan
  }
}

extension ApplyWorkflow {
  /// `immplan rollback [DIR] -to VERSION [-out FILE] [-auto-approve]`.
  public func rollback(_ directory: String, to version: Int, out: String?) async -> Int32 {
    if out == nil && !settings.autoApprove && context.ask == nil {
      return context.fail(
        "refusing to roll back without confirmation: standard input is not a terminal; pass -auto-approve, or"
          + " save the plan with -out FILE and apply that file")
    }
    guard let (graph, load, session, provider) = await openState(directory, operation: "rollback") else { return 1 }
    let state = session.loaded.state
    let desired: [DesiredResource]
    switch Rollback.desired(graph: graph, state: state, version: version) {
    case .success(let value): desired = value
    case .failure(let problem):
      await session.close()
      return context.fail("\(problem)")
    }
    let outcome = Planner.plan(
      PlanRequest(
        desired: desired, state: state, stateDigest: state.stateDigest, isNewState: false, mode: .normal,
        providers: graph.providers,
        bindings: ProviderFactory.bindings(for: graph, environment: context.environment),
        stateBackend: graph.stateBackend, variables: graph.variables,
        configuration: PlannedConfiguration(
          files: PlannedConfiguration(sources: load.sources, syntax: load.files, directory: directory).files,
          directory: directory)))
    context.report(outcome.diagnostics, load.sources)
    guard let planned = outcome.plan else {
      await session.close()
      return context.fail("cannot plan the rollback")
    }
    var plan = Rollback.promotingRetained(planned, state: state, version: version)
    plan.rollback = PlannedRollback(toVersion: version, fromVersion: state.history.last?.number)
    // The plan's rendering says "Rolling back to version N (from version M)." (as `show` does).
    guard let out else {
      let status = await confirmAndExecute(plan, graph: graph, session: session, provider: provider)
      await session.close()
      return status
    }
    await session.close()
    context.out(PlanTextRenderer(color: context.color).render(plan))
    let file = PlanFile.encode(plan)
    return context.write(out, file.bytes)
      ? {
        context.out(PlanRenderer.savedLine(path: out, checksum: file.checksum) + "\n"); return 0
      }()
      : context.fail("cannot write `\(out)`")
  }
}
