import ImmplanParser
import ImmplanPlanner

/// `rollback -to VERSION` (BRIEF §5): an ordinary plan back to an applied version. Each image of
/// that version is desired with the identity of the generation the state still retains with the
/// same digest (so on AWS the provider reuses the AMI tagged with that digest); templates and
/// fleets follow through the usual replace cascade. Everything else is the current configuration.
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
    for (address, object) in version.objects where address.kind == .image {
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
        provider: ProviderBinding.resolve(graph.providers, environment: context.environment)
          ?? .aws(region: "", endpoint: nil),
        providers: graph.providers, stateBackend: graph.stateBackend, variables: graph.variables,
        configuration: PlannedConfiguration(
          files: PlannedConfiguration(sources: load.sources).files, directory: directory)))
    context.report(outcome.diagnostics, load.sources)
    guard var plan = outcome.plan else {
      await session.close()
      return context.fail("cannot plan the rollback")
    }
    plan.rollback = PlannedRollback(toVersion: version, fromVersion: state.history.last?.number)
    context.out("Rolling back to version \(version).\n\n")
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
