import ImmplanSupport

/// The front end's entry point: directory → typed graph.
public enum Frontend {
  /// Reads every `*.imm.hcl` file of `options.directory` in name order (byte order of the names)
  /// through `fileSystem`, parses, binds, resolves variables, checks references and cycles,
  /// evaluates everything with resources' computed outputs unknown (validate mode), and returns
  /// the graph — nil when any error was reported. Every diagnostic of the run is returned.
  public static func load(_ options: LoadOptions, fileSystem: some FileSystem) -> LoadResult {
    var loader = ModuleLoader(options: options, fileSystem: fileSystem, sources: SourceManager())
    guard let tree = loader.load() else {
      return LoadResult(sources: loader.sources, files: loader.files, graph: nil, diagnostics: loader.diagnostics)
    }
    var diagnostics = loader.diagnostics
    var sources = loader.sources
    let result = analyze(tree: tree, sources: &sources, options: options, fileSystem: fileSystem)
    diagnostics.append(contentsOf: withoutFollowOns(result.diagnostics, of: diagnostics))
    let graph = diagnostics.hasErrors ? nil : result.graph
    return LoadResult(sources: sources, files: loader.files, graph: graph, diagnostics: diagnostics)
  }

  /// Resolves variables, checks every module's references and cycles, makes the instances and
  /// evaluates them (the part of ``load(_:fileSystem:)`` after loading the module tree).
  static func analyze(
    tree: ModuleTree, sources: inout SourceManager, options: LoadOptions, fileSystem: any FileSystem
  ) -> (graph: Graph, diagnostics: [Diagnostic]) {
    var diagnostics: [Diagnostic] = []
    // Each module reads files relative to its own directory.
    var functions: [FunctionCaller?] = Array(repeating: nil, count: tree.configurations.count)
    for node in tree.nodes where functions[node.configuration] == nil {
      functions[node.configuration] = FunctionCaller(fileSystem: fileSystem, baseDirectory: node.directory)
    }
    let callers = functions.map { $0! }
    let configuration = tree.root

    var resolver = VariableResolver(
      sources: sources, configuration: configuration, options: options, fileSystem: fileSystem, functions: callers[0])
    let variables = resolver.resolve()
    sources = resolver.sources
    diagnostics.append(contentsOf: resolver.diagnostics)
    var moduleVariables: [[String: ModuleVariable]] = []
    for (index, module) in tree.configurations.enumerated() {
      let (declared, problems) = VariableResolver.moduleVariables(of: module, functions: callers[index])
      moduleVariables.append(declared)
      if index > 0 { diagnostics.append(contentsOf: problems) }
    }

    // Every module's references, against its declarations and the modules its calls load.
    var edges: [ConfigurationEdges] = []
    var rootChecker: ReferenceChecker?
    var rootCycles: Set<GraphNode> = []
    var sortedAddresses: [ResourceAddress] = []
    for (index, module) in tree.configurations.enumerated() {
      var checker = ReferenceChecker(
        configuration: module, calls: calledModules(of: index, in: tree), parallelism: options.parallelism)
      checker.checkAll()
      if index == 0 {
        // The cycle check and the sort of every resource address (each a few percent of a large
        // load, neither reading the other's result) run side by side.
        let checked = checker
        let hasCycle: Bool
        (hasCycle, sortedAddresses) = options.parallelism.both(
          { checked.hasCycle() }, { module.resources.keys.sorted() })
        rootCycles = hasCycle ? checker.reportCycles() : []
        rootChecker = checker
      } else if checker.hasCycle() {
        _ = checker.reportCycles()
      }
      diagnostics.append(contentsOf: checker.diagnostics)
      edges.append(
        ConfigurationEdges(
          dependencies: checker.edges, inputs: checker.inputEdges, repetitions: checker.repetitionEdges))
    }

    var builder = GraphBuilder(
      tree: tree, variables: variables, moduleVariables: moduleVariables, functions: callers, edges: edges,
      argumentReferences: rootChecker?.argumentReferences ?? [], hasCycles: !rootCycles.isEmpty)
    builder.sortedAddresses = sortedAddresses
    builder.keepsLoadTimeValues = options.keepsLoadTimeValues
    var graph = builder.build(parallelism: options.parallelism)
    diagnostics.append(contentsOf: builder.diagnostics)
    let sensitiveRoot = Set(variables.filter(\.isSensitive).map(\.name))
    for (index, module) in tree.configurations.enumerated() {
      for (name, declaration) in module.variables {
        let isSensitive = index == 0 ? sensitiveRoot.contains(name) : moduleVariables[index][name]?.isSensitive == true
        if isSensitive, let value = declaration.block.body.attributes["default"] {
          graph.sensitiveDefaults.append(value.expression.range)
        }
      }
    }
    graph.sensitiveDefaults.sort { ($0.file, $0.start) < ($1.file, $1.start) }
    return (graph, unique(diagnostics))
  }

  /// What the checker of configuration `index` knows of the modules its calls load.
  private static func calledModules(of index: Int, in tree: ModuleTree) -> [String: CalledModule] {
    guard let node = tree.nodes.firstIndex(where: { $0.configuration == index }) else { return [:] }
    var calls: [String: CalledModule] = [:]
    for (name, child) in tree.nodes[node].children {
      let module = tree.configuration(of: child)
      calls[name] = CalledModule(variables: module.variables, outputs: Set(module.outputs.keys))
    }
    return calls
  }

  /// `analysis` without "must be known when planning" where a syntax error lies in the same
  /// expression: an expression the parser could not read evaluates as unknown, and the syntax
  /// error is the one cause to report (`latency = ` said both).
  static func withoutFollowOns(_ analysis: [Diagnostic], of syntax: [Diagnostic]) -> [Diagnostic] {
    let errors = syntax.compactMap { $0.isError ? $0.primary?.range : nil }
    guard !errors.isEmpty else { return analysis }
    return analysis.filter { diagnostic in
      guard diagnostic.code == .unknownAtPlanTime, let range = diagnostic.primary?.range else { return true }
      return !errors.contains { $0.file == range.file && $0.start >= range.start && $0.start <= range.end }
    }
  }

  /// Drops exact repeats (an error inside a `for` body is found once per element), keeping order.
  static func unique(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    var seen = Set<Diagnostic>()
    return diagnostics.filter { seen.insert($0).inserted }
  }

  static func joinPath(_ directory: String, _ name: String) -> String {
    if directory.isEmpty || directory == "." { return name }
    return directory.hasSuffix("/") ? directory + name : directory + "/" + name
  }

  /// Paths in diagnostics: relative to the working directory as the user named the directory.
  static func displayPath(_ directory: String, _ name: String) -> String { joinPath(directory, name) }
}
