import ImmplanSupport

/// Loads the module tree of a configuration: the root directory's files, then, breadth first,
/// the directory of every `module` call (`source = "./dir"`, relative to the calling module's
/// directory). Each directory is read, parsed and bound once however many calls use it. No
/// `init` step: local sources are read in place.
///
/// Errors, each at the call's `source`: a registry or remote source, a missing or empty
/// directory, a call that loads a module already being loaded on its own path (a cycle), and a
/// tree deeper than ``maximumDepth``. A failed call is left out of the tree; the rest loads.
struct ModuleLoader {
  static let maximumDepth = 16

  let options: LoadOptions
  let fileSystem: any FileSystem
  var sources: SourceManager
  var files: [SyntaxFile] = []
  var diagnostics: [Diagnostic] = []
  /// Configuration index by normalized directory.
  private var loaded: [String: Int] = [:]

  init(options: LoadOptions, fileSystem: any FileSystem, sources: SourceManager) {
    self.options = options
    self.fileSystem = fileSystem
    self.sources = sources
  }

  /// The tree, or nil when the root directory itself cannot be read.
  mutating func load() -> ModuleTree? {
    guard let rootFiles = readDirectory(options.directory, from: nil) else { return nil }
    var binder = Binder(parallelism: options.parallelism)
    for file in rootFiles { binder.bind(file) }
    diagnostics.append(contentsOf: binder.diagnostics)
    var tree = ModuleTree(root: binder.configuration, directory: options.directory)
    loaded[ConfigurationPath.normalize(options.directory)] = 0
    var next = 0
    while next < tree.nodes.count {
      let node = next
      next += 1
      let configuration = tree.configuration(of: node)
      for name in configuration.moduleCalls.keys.sorted() {
        let call = configuration.moduleCalls[name]!
        guard let child = loadCall(call, from: node, in: &tree) else { continue }
        tree.nodes[node].children[name] = child
      }
    }
    return tree
  }

  /// Adds the node of `call` (made in `parent`), loading its directory if needed.
  private mutating func loadCall(_ call: ModuleCallDeclaration, from parent: Int, in tree: inout ModuleTree)
    -> Int?
  {
    let source = call.source
    guard source.hasPrefix("./") || source.hasPrefix("../") || source == "." || source == ".." else {
      diagnostics.append(.invalidModuleSource(source, at: call.sourceRange))
      return nil
    }
    let path = tree.nodes[parent].path.appending(call.name)
    guard path.names.count <= ModuleLoader.maximumDepth else {
      diagnostics.append(.moduleTooDeep(limit: ModuleLoader.maximumDepth, at: call.sourceRange))
      return nil
    }
    let directory = ConfigurationPath.normalize(Frontend.joinPath(tree.nodes[parent].directory, source))
    // A module already on this call's path (itself, or an ancestor) would load forever.
    var ancestor: Int? = parent
    var chain: [String] = ["`\(path)` (`\(directory)`)"]
    while let current = ancestor {
      let node = tree.nodes[current]
      chain.insert("`\(node.path.isRoot ? "the root module" : node.path.description)`", at: 0)
      if ConfigurationPath.normalize(node.directory) == directory {
        diagnostics.append(.moduleCycle(chain, at: call.sourceRange))
        return nil
      }
      ancestor = node.parent
    }
    let configuration: Int
    if let known = loaded[directory] {
      configuration = known
    } else {
      guard let files = readDirectory(directory, from: call) else { return nil }
      var binder = Binder(parallelism: options.parallelism)
      binder.module = path
      for file in files { binder.bind(file) }
      diagnostics.append(contentsOf: binder.diagnostics)
      tree.configurations.append(binder.configuration)
      configuration = tree.configurations.count - 1
      loaded[directory] = configuration
    }
    tree.nodes.append(
      ModuleTree.Node(
        path: path, configuration: configuration, parent: parent, callName: call.name, directory: directory))
    return tree.nodes.count - 1
  }

  /// Parses every `*.imm.hcl` of `directory` in name order; nil (reported) when it cannot be
  /// read or holds none. `call` is the module call that names it (nil for the root).
  private mutating func readDirectory(_ directory: String, from call: ModuleCallDeclaration?) -> [SyntaxFile]? {
    let names: [String]
    do {
      names = try fileSystem.contentsOfDirectory(directory).filter { $0.hasSuffix(".imm.hcl") }
        .sorted(by: Value.keyOrder)
    } catch {
      if let call {
        diagnostics.append(.missingModuleDirectory(directory, reason: error.reason, at: call.sourceRange))
      } else {
        diagnostics.append(.unreadableDirectory(directory, reason: error.reason))
      }
      return nil
    }
    if names.isEmpty {
      if let call {
        diagnostics.append(
          .missingModuleDirectory(directory, reason: "it holds no `*.imm.hcl` file", at: call.sourceRange))
        return nil
      }
      diagnostics.append(.noConfigurationFiles(directory))
    }
    var parsed: [SyntaxFile] = []
    for name in names {
      let path = Frontend.joinPath(directory, name)
      do {
        let bytes = try fileSystem.readFile(path)
        let id = sources.add(path: path, bytes: bytes, parallelism: options.parallelism)
        let (syntax, parseDiagnostics) = parseSyntax(sources[id], parallelism: options.parallelism)
        parsed.append(syntax)
        diagnostics.append(contentsOf: parseDiagnostics)
      } catch {
        diagnostics.append(.unreadableFile(path, reason: error.reason))
      }
    }
    files += parsed
    return parsed
  }
}
