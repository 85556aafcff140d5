import ImmplanSupport

/// The front end's entry point: directory → typed graph.
public enum Frontend {
  /// Reads every `*.imm.hcl` file of `options.directory` in name order (byte order of the names)
  /// through `fileSystem`, parses, binds, resolves variables, checks references and cycles,
  /// evaluates everything with resources' computed outputs unknown (validate mode), and returns
  /// the graph — nil when any error was reported. Every diagnostic of the run is returned.
  public static func load(_ options: LoadOptions, fileSystem: some FileSystem) -> LoadResult {
    var sources = SourceManager()
    var diagnostics: [Diagnostic] = []
    var files: [SyntaxFile] = []

    let names: [String]
    do {
      names = try fileSystem.contentsOfDirectory(options.directory).filter { $0.hasSuffix(".imm.hcl") }
        .sorted(by: Value.keyOrder)
    } catch {
      diagnostics.append(.unreadableDirectory(options.directory, reason: error.reason))
      return LoadResult(sources: sources, files: [], graph: nil, diagnostics: diagnostics)
    }
    if names.isEmpty { diagnostics.append(.noConfigurationFiles(options.directory)) }
    for name in names {
      let path = joinPath(options.directory, name)
      do {
        let bytes = try fileSystem.readFile(path)
        let id = sources.add(
          path: displayPath(options.directory, name), bytes: bytes, parallelism: options.parallelism)
        let (syntax, parseDiagnostics) = parseSyntax(sources[id], parallelism: options.parallelism)
        files.append(syntax)
        diagnostics.append(contentsOf: parseDiagnostics)
      } catch {
        diagnostics.append(.unreadableFile(path, reason: error.reason))
      }
    }

    let result = analyze(
      files: files, sources: &sources, options: options, fileSystem: fileSystem)
    diagnostics.append(contentsOf: withoutFollowOns(result.diagnostics, of: diagnostics))
    let graph = diagnostics.hasErrors ? nil : result.graph
    return LoadResult(sources: sources, files: files, graph: graph, diagnostics: diagnostics)
  }

  /// Binds and evaluates parsed files (the part of ``load(_:fileSystem:)`` after parsing).
  static func analyze(
    files: [SyntaxFile], sources: inout SourceManager, options: LoadOptions, fileSystem: any FileSystem
  ) -> (graph: Graph, diagnostics: [Diagnostic]) {
    var diagnostics: [Diagnostic] = []
    var binder = Binder(parallelism: options.parallelism)
    for file in files { binder.bind(file) }
    diagnostics.append(contentsOf: binder.diagnostics)
    let configuration = binder.configuration

    let functions = FunctionCaller(fileSystem: fileSystem, baseDirectory: options.directory)
    var resolver = VariableResolver(
      sources: sources, configuration: configuration, options: options, fileSystem: fileSystem, functions: functions)
    let variables = resolver.resolve()
    sources = resolver.sources
    diagnostics.append(contentsOf: resolver.diagnostics)

    var checker = ReferenceChecker(configuration: configuration, parallelism: options.parallelism)
    checker.checkAll()
    // The cycle check and the sort of every resource address (each a few percent of a large
    // load, neither reading the other's result) run side by side.
    let checked = checker
    let (hasCycle, sortedAddresses) = options.parallelism.both(
      { checked.hasCycle() }, { configuration.resources.keys.sorted() })
    let cycleNodes = hasCycle ? checker.reportCycles() : []
    diagnostics.append(contentsOf: checker.diagnostics)

    var builder = GraphBuilder(
      configuration: configuration, variables: variables, functions: functions, edges: checker.edges,
      argumentReferences: checker.argumentReferences, hasCycles: !cycleNodes.isEmpty)
    builder.sortedAddresses = sortedAddresses
    builder.keepsLoadTimeValues = options.keepsLoadTimeValues
    let graph = builder.build(parallelism: options.parallelism)
    diagnostics.append(contentsOf: builder.diagnostics)
    return (graph, unique(diagnostics))
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
