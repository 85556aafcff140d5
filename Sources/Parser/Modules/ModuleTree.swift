/// The modules of a configuration at the configuration level: the root module and every module
/// call below it, a call with `count` or `for_each` being one node (its instances are made by
/// ``Expansion``). Node 0 is the root. Modules loaded from the same directory share one bound
/// ``Configuration``.
struct ModuleTree: Sendable {
  struct Node: Sendable {
    var path: ModulePath
    /// Index into ``ModuleTree/configurations``.
    var configuration: Int
    var parent: Int?
    /// The call, in the parent's configuration, that reaches this node.
    var callName: String?
    /// Child node by call name.
    var children: [String: Int] = [:]
    /// The module's directory as diagnostics show it (relative to the working directory as the
    /// user named the configuration).
    var directory: String
  }

  var nodes: [Node]
  var configurations: [Configuration]

  /// A tree of the root module alone.
  init(root: Configuration, directory: String) {
    nodes = [Node(path: .root, configuration: 0, directory: directory)]
    configurations = [root]
  }

  var root: Configuration { configurations[0] }

  func configuration(of node: Int) -> Configuration { configurations[nodes[node].configuration] }

  /// The call declaration that reaches `node` (nil for the root).
  func call(reaching node: Int) -> ModuleCallDeclaration? {
    guard let parent = nodes[node].parent, let name = nodes[node].callName else { return nil }
    return configuration(of: parent).moduleCalls[name]
  }
}
