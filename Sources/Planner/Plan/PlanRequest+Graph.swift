import ImmplanParser
import ImmplanSupport

extension DesiredResource {
  /// The desired resources of `graph`, in its topological order, evaluating identities with
  /// ``Graph/evaluateIdentity(of:outputs:)``.
  public static func all(in graph: Graph, parallelism: Parallel = .default) -> [DesiredResource] {
    // In chunks on every core (100,000 closures and attribute lookups were a serial 0.1 s of
    // `plan`), each stored in its place.
    let resources = graph.resources
    let evaluator = graph.identityEvaluator
    return parallelism.array(count: resources.count, minimumChunk: 4096) { index in
      let address = resources[index].address
      return DesiredResource(
        address: address, provider: resources[index].provider, dependencies: resources[index].dependencies,
        settings: resources[index].settings,
        range: resources[index].attributeRange("lifecycle.prevent_destroy") ?? resources[index].range
      ) { outputs in
        evaluator.evaluate(of: address, outputs: { outputs[$0] })
      }
    }
  }
}

extension PlannedConfiguration {
  /// The configuration files of a load (`*.imm.hcl`: the root module's and every module's, by
  /// path relative to the configuration `directory`), for embedding in the plan. The `default`
  /// of every sensitive variable is replaced by `null` (secrets never reach an artifact; apply
  /// needs sensitive values supplied again anyway).
  public init(
    sources: SourceManager, syntax: [SyntaxFile] = [], sensitiveDefaults: [SourceRange] = [], directory: String = "."
  ) {
    var redactions: [FileID: [SourceRange]] = [:]
    for range in sensitiveDefaults { redactions[range.file, default: []].append(range) }
    let configurationFiles = Set(syntax.map(\.file))
    self.init(
      files: sources.files.compactMap { file in
        guard configurationFiles.isEmpty ? file.path.hasSuffix(".imm.hcl") : configurationFiles.contains(file.id)
        else { return nil }
        var bytes = file.bytes
        for range in (redactions[file.id] ?? []).sorted(by: { $0.start > $1.start }) where range.end <= bytes.count {
          bytes.replaceSubrange(range.start..<range.end, with: Array("null # sensitive default removed".utf8))
        }
        return File(
          path: ConfigurationPath.relative(file.path, to: directory), text: String(decoding: bytes, as: UTF8.self))
      }, directory: directory)
  }
}

extension PlanRequest {
  /// A request for the loaded configuration `graph` against `state`, with the bindings of its
  /// provider configurations resolved by the caller (the Executor knows how each type resolves
  /// its settings from the environment). `parallelism` bounds building the request and the plan
  /// made from it.
  public init(
    graph: Graph, sources: SourceManager, syntax: [SyntaxFile] = [], state: State, stateDigest: String,
    isNewState: Bool, mode: Plan.Mode, replaceAddresses: [String],
    bindings: [ProviderConfigAddress: ProviderBinding]? = nil, directory: String = ".", parallelism: Parallel = .default
  ) {
    // The desired resources and the embedded configuration (a copy of every file's text) are
    // independent: built side by side.
    let (desired, configuration) = parallelism.both(
      { DesiredResource.all(in: graph, parallelism: parallelism) },
      {
        PlannedConfiguration(
          sources: sources, syntax: syntax, sensitiveDefaults: graph.sensitiveDefaults, directory: directory)
      })
    self.init(
      desired: desired, state: state, stateDigest: stateDigest, isNewState: isNewState,
      mode: mode, replaceAddresses: replaceAddresses, providers: graph.providers,
      bindings: bindings ?? PlanRequest.bindingsAsConfigured(graph.providers), stateBackend: graph.stateBackend,
      variables: graph.variables, configuration: configuration, parallelism: parallelism)
  }
}

extension PlanRequest {
  /// Each configuration's binding from its own settings alone (nothing resolved from the
  /// environment), the implicit default configuration's included.
  public static func bindingsAsConfigured(_ providers: [ProviderConfiguration]) -> [ProviderConfigAddress:
    ProviderBinding]
  {
    var bindings: [ProviderConfigAddress: ProviderBinding] = [:]
    for configuration in providers.withImplicitDefault {
      bindings[configuration.address] = ProviderBinding(
        type: configuration.address.type, alias: configuration.address.alias, settings: configuration.bindingValues)
    }
    return bindings
  }
}
