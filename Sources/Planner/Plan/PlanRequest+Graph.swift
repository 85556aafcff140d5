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
  /// The configuration files (`*.imm.hcl`, by file name) of a load, for embedding in the plan.
  /// The `default` of every sensitive variable is replaced by `null` (secrets never reach an
  /// artifact; apply needs sensitive values supplied again anyway).
  public init(sources: SourceManager, syntax: [SyntaxFile] = [], sensitiveVariables: Set<String> = []) {
    var redactions: [FileID: [SourceRange]] = [:]
    for file in syntax where !sensitiveVariables.isEmpty {
      for case .block(let block) in file.body.items where block.type == "variable" {
        guard let name = block.labels.first?.value, sensitiveVariables.contains(name) else { continue }
        for case .attribute(let attribute) in block.body.items where attribute.name == "default" {
          redactions[attribute.expression.range.file, default: []].append(attribute.expression.range)
        }
      }
    }
    self.init(
      files: sources.files.compactMap { file in
        let name = file.path.split(separator: "/").last.map(String.init) ?? file.path
        guard name.hasSuffix(".imm.hcl") else { return nil }
        var bytes = file.bytes
        for range in (redactions[file.id] ?? []).sorted(by: { $0.start > $1.start }) where range.end <= bytes.count {
          bytes.replaceSubrange(range.start..<range.end, with: Array("null # sensitive default removed".utf8))
        }
        return File(path: name, text: String(decoding: bytes, as: UTF8.self))
      })
  }

  /// The embedded files as a read-only file system rooted at `directory`, so apply can run
  /// `Frontend.load` on exactly the configuration that was planned.
  public func fileSystem(directory: String) -> some FileSystem {
    PlannedFileSystem(
      directory: directory, files: Dictionary(files.map { ($0.path, Array($0.text.utf8)) }) { a, _ in a })
  }
}

private struct PlannedFileSystem: FileSystem {
  var directory: String
  var files: [String: [UInt8]]

  func contentsOfDirectory(_ path: String) throws(FileSystemError) -> [String] {
    guard path == directory else { throw FileSystemError(path: path, reason: "no such file or directory") }
    return files.keys.sorted()
  }

  func readFile(_ path: String) throws(FileSystemError) -> [UInt8] {
    let name = path.hasPrefix(directory + "/") ? String(path.dropFirst(directory.count + 1)) : path
    guard let bytes = files[name] else { throw FileSystemError(path: path, reason: "no such file or directory") }
    return bytes
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
    bindings: [ProviderConfigAddress: ProviderBinding]? = nil, parallelism: Parallel = .default
  ) {
    // The desired resources and the embedded configuration (a copy of every file's text) are
    // independent: built side by side.
    let (desired, configuration) = parallelism.both(
      { DesiredResource.all(in: graph, parallelism: parallelism) },
      {
        let sensitive = Set(graph.variables.filter(\.isSensitive).map(\.name))
        return PlannedConfiguration(sources: sources, syntax: syntax, sensitiveVariables: sensitive)
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
