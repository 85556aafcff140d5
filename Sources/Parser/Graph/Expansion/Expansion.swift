/// The instances of a configuration: every module instance (the root, and each instance of each
/// module call under `count` / `for_each` / `enabled`) and every resource instance, with what
/// `each` and `count` mean in each. Made once at load time by ``Expander``; read by evaluation and
/// by the graph builder.
///
/// A root-module block without repetition has exactly one instance whose address is the block's
/// own: those are not stored (a configuration of 100,000 plain blocks adds no table), and
/// ``instance(_:in:)`` finds them in the configuration.
struct Expansion: Sendable {
  var modules: [ModuleInstanceInfo]
  var modulesByPath: [ModuleInstancePath: Int]
  /// Every resource instance except the root module's plain blocks.
  var resources: [ResourceAddress: ResourceInstanceInfo] = [:]
  /// The keys of every repeated block (and of every block of a module other than the root), in
  /// key order; empty for a block with no instances.
  var blockKeys: [BlockKey: [InstanceKey?]] = [:]
  /// The root module's blocks with repetition (every other root block has one instance).
  var repeatedRootBlocks: Set<ResourceAddress> = []

  init() {
    modules = [ModuleInstanceInfo(path: .root, node: 0, parent: nil, repetition: nil)]
    modulesByPath = [.root: 0]
  }

  /// The instance at `address`, if the configuration has it.
  func instance(_ address: ResourceAddress, in tree: ModuleTree) -> ResourceInstanceInfo? {
    if address.module.isRoot, address.key == nil, !repeatedRootBlocks.contains(address),
      tree.root.resources.index(forKey: address) != nil
    {
      return ResourceInstanceInfo(module: 0, declaration: address, repetition: nil)
    }
    return resources[address]
  }

  /// The keys of `block` in module instance `module` (a block without repetition: `[nil]`).
  func keys(of block: ResourceAddress, in module: Int, tree: ModuleTree) -> [InstanceKey?] {
    if module == 0, !repeatedRootBlocks.contains(block) {
      return tree.root.resources.index(forKey: block) == nil ? [] : [nil]
    }
    if let keys = blockKeys[BlockKey(module: module, block: block)] { return keys }
    let configuration = tree.configuration(of: modules[module].node)
    guard let declaration = configuration.resources[block] else { return [] }
    return declaration.repetition == nil ? [nil] : []
  }
}

/// One module instance.
struct ModuleInstanceInfo: Sendable {
  var path: ModuleInstancePath
  /// Its node in the ``ModuleTree``.
  var node: Int
  /// The module instance whose call made it (nil for the root).
  var parent: Int?
  /// What `each` / `count` mean in the call's inputs for this instance.
  var repetition: RepetitionBinding?
  /// Child instances by call name, in key order.
  var children: [String: [Int]] = [:]
}

/// One resource instance.
struct ResourceInstanceInfo: Sendable {
  /// Its module instance.
  var module: Int
  /// The block, by its address relative to the module (a key of the module's
  /// ``Configuration/resources``).
  var declaration: ResourceAddress
  var repetition: RepetitionBinding?
}

/// A block of one module instance.
struct BlockKey: Sendable, Hashable {
  var module: Int
  var block: ResourceAddress
}

/// What `each` or `count` are in one instance of a repeated block.
enum RepetitionBinding: Sendable {
  case each(key: String, value: EachValue)
  case count(Int)

  var key: InstanceKey {
    switch self {
    case .each(let key, _): .string(key)
    case .count(let index): .integer(index)
    }
  }
}

/// `each.value` of one instance.
enum EachValue: Sendable {
  /// Known when the instances were made (the element of a map or set of variables, locals and
  /// literals; it may hold values known only after apply).
  case value(Value)
  /// `for_each = RESOURCE`: the instance of that resource with the same key, read when asked
  /// (its outputs are the planner's).
  case resourceInstance(ResourceAddress)
  /// `for_each = module.NAME`: the outputs of that module's instance with the same key.
  case moduleInstance(Int)
  /// The `for_each` collection holds values known only after apply (its keys were known): the
  /// collection is evaluated again, in module instance `module`, when `each.value` is asked for.
  case deferred(Expression, module: Int)
}
