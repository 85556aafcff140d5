/// Load-time evaluation of a bound configuration (validate mode: resources' computed outputs are
/// unknown) and assembly of the ``Graph``: the instances, their settings, dependencies and
/// topological order.
import ImmplanSupport

struct GraphBuilder {
  let tree: ModuleTree
  let variables: [VariableValue]
  /// By configuration index.
  let moduleVariables: [[String: ModuleVariable]]
  /// By configuration index.
  let functions: [FunctionCaller]
  /// By configuration index, from the ``ReferenceChecker``s.
  let edges: [ConfigurationEdges]
  var diagnostics: [Diagnostic] = []

  /// Root resources whose arguments some expression reads (the reference checker's
  /// ``ReferenceChecker/argumentReferences``): evaluated first, in dependency order, so that
  /// every other resource only reads values already known.
  var argumentReferences: Set<ResourceAddress> = []
  /// Whether the root module's reference checker found a dependency cycle (then the serial pass
  /// keeps the order of a walk over every node, so values on the cycle come out as they always
  /// did).
  var hasCycles = true
  /// Every root resource block's address in order, when the caller sorted them already (else
  /// ``build(parallelism:)`` does).
  var sortedAddresses: [ResourceAddress]?
  /// ``LoadOptions/keepsLoadTimeValues``: false leaves the context's constant arguments empty.
  var keepsLoadTimeValues = true
  /// Which root provider configuration each module's references mean.
  var providers = ProviderResolver()
  /// Dependencies of locals, module variables and outputs already walked, by module instance.
  var dependencyMemo: [ScopedNode: [ResourceAddress]] = [:]

  var configuration: Configuration { tree.root }
  var rootEdges: [GraphNode: [ReferenceEdge]] { edges[0].dependencies }

  init(
    tree: ModuleTree, variables: [VariableValue], moduleVariables: [[String: ModuleVariable]],
    functions: [FunctionCaller],
    edges: [ConfigurationEdges], argumentReferences: Set<ResourceAddress> = [], hasCycles: Bool = true
  ) {
    self.tree = tree
    self.variables = variables
    self.moduleVariables = moduleVariables
    self.functions = functions
    self.edges = edges
    self.argumentReferences = argumentReferences
    self.hasCycles = hasCycles
  }

  mutating func build(parallelism: Parallel) -> Graph {
    var variableValues: [String: Value] = [:]
    for variable in variables { variableValues[variable.name] = variable.value }
    providers = ProviderResolver(tree: tree, diagnostics: &diagnostics)

    // The instances first: every module call's and every repeated block's, evaluated in the
    // module instance that declares it.
    let loadContext = EvaluationContext(
      tree: tree, expansion: Expansion(), variableValues: variableValues, moduleVariables: moduleVariables,
      functions: functions, constantLocals: [:], edges: edges)
    let expanding = EvaluationSession(context: loadContext, outputs: { _ in nil })
    let expander = Expander(tree: tree, edges: edges)
    expander.expand(session: expanding)
    diagnostics.append(contentsOf: expander.diagnostics)
    diagnostics.append(contentsOf: expanding.diagnostics)
    let expansion = expander.expansion
    let context = loadContext.with(expansion: expansion, constantLocals: [:], constantAttributes: [:])
    let session = EvaluationSession(continuing: expanding, context: context)
    let addresses = instanceAddresses(expansion)

    // Every root local, and every root resource whose arguments another expression reads, in
    // dependency order: memoised values are found and no reference chain, however long,
    // recurses deeper than one level. What is left (most resources: they are read only through
    // computed outputs, which are unknown here) depends on nothing but these.
    let order = hasCycles ? evaluationOrder(sortedAddresses: sortedAddresses ?? []) : serialPassOrder()
    for node in order {
      switch node {
      case .local(let name): _ = session.local(name)
      case .resource(let block) where argumentReferences.contains(block):
        for key in session.keys(of: block, in: 0) { _ = session.identity(of: block.withKey(key)) }
      default: break
      }
    }

    // The rest, and every resource's settings, in address-ordered chunks on all cores. Each chunk
    // continues from the serial pass's values in its own session; the chunks' results and
    // diagnostics are merged in address order, so the graph is the same as a serial run's.
    var template = self
    template.diagnostics = []
    let worker = template
    // Only read, by every chunk, to copy its memos: no chunk writes to it.
    let seed = UncheckedSendable(session)
    // Resources of different kinds cost different amounts (fleets most), and the address order
    // groups them by kind: several pieces per core keep both cores busy to the end.
    let pieces = parallelism.chunks(addresses.count, minimumChunk: 256, perWorker: 4)
    let keeps = keepsLoadTimeValues
    let built = parallelism.map(pieces.count) { piece in
      var builder = worker
      let local = EvaluationSession(continuing: seed.value)
      let resources = ChunkBuffer<Resource>(capacity: pieces[piece].count)
      // Each resource's dependencies as positions in `addresses`, for the topological order.
      var dependencyRanks: [[Int]] = []
      // The first chunk's table becomes the merged one (room for every resource: no rehash).
      var identities: [ResourceAddress: [String: Value]] = [:]
      dependencyRanks.reserveCapacity(pieces[piece].count)
      if keeps { identities.reserveCapacity(piece == 0 ? addresses.count : pieces[piece].count) }
      for index in pieces[piece] {
        let address = addresses[index]
        let instance = local.instance(address)!  // `addresses` are the expansion's instances
        let identity = local.identity(of: address)
        if keeps { identities[address] = GraphBuilder.knownPart(of: identity) }
        let resource = builder.buildResource(address, instance: instance, session: local)
        dependencyRanks.append(resource.dependencies.compactMap { GraphBuilder.position(of: $0, in: addresses) })
        resources.append(resource)
      }
      return (resources, dependencyRanks, identities, builder.diagnostics, local.diagnostics)
    }

    // The chunks' resources stay where they are until they are moved into the final order
    // (appending them to one array and permuting that copied every resource twice).
    var chunkResources: [ChunkBuffer<Resource>] = []
    chunkResources.reserveCapacity(built.count)
    var dependencyRanks: [[Int]] = []
    dependencyRanks.reserveCapacity(addresses.count)
    var constantAttributes = built.first?.2 ?? [:]
    var evaluationDiagnostics: [Diagnostic] = []
    for (number, result) in built.enumerated() {
      let (resources, chunkRanks, identities, builderDiagnostics, sessionDiagnostics) = result
      chunkResources.append(resources)
      dependencyRanks.append(contentsOf: chunkRanks)
      if number > 0 {
        for (address, identity) in identities { constantAttributes[address] = identity }
      }
      diagnostics.append(contentsOf: builderDiagnostics)
      evaluationDiagnostics.append(contentsOf: sessionDiagnostics)
    }

    var outputs: [OutputDeclaration] = []
    for name in configuration.outputs.keys.sorted() {
      outputs.append(buildOutput(configuration.outputs[name]!, session: session))
    }

    let providerConfigurations = buildProviders(session: session)
    let stateBackend = buildStateBackend(session: session)
    let constantLocals = session.evaluatedLocals.filter { !$0.value.containsUnknown }
    diagnostics.append(contentsOf: session.diagnostics)
    diagnostics.append(contentsOf: evaluationDiagnostics)

    let finalContext = context.with(
      expansion: expansion, constantLocals: constantLocals, constantAttributes: constantAttributes)
    // Every instance was built, chunk by chunk in address order: the graph's lookup by address is
    // the inverse of the topological order. Resources on a cycle (already reported) go last, by
    // address, so nothing is lost.
    let (sorted, cyclic) = TopologicalOrder.order(count: addresses.count, dependencies: dependencyRanks)
    let positions = sorted + cyclic
    var addressOrder = [Int](repeating: 0, count: positions.count)
    for (position, rank) in positions.enumerated() { addressOrder[rank] = position }
    let resources = ChunkBuffer.gather(chunkResources, order: positions)
    return Graph(
      resources: resources, variables: variables, outputs: outputs, providers: providerConfigurations,
      stateBackend: stateBackend, evaluation: finalContext, addressOrder: addressOrder)
  }

  /// Every resource instance's address, sorted: the root module's plain blocks (their own
  /// addresses, already sorted) and the expansion's instances.
  private func instanceAddresses(_ expansion: Expansion) -> [ResourceAddress] {
    let sortedBlocks = sortedAddresses ?? configuration.resources.keys.sorted()
    let repeatedRoot = Set(expansion.blockKeys.keys.lazy.filter { $0.module == 0 }.map(\.block))
    guard !expansion.resources.isEmpty || !repeatedRoot.isEmpty else { return sortedBlocks }
    var addresses = repeatedRoot.isEmpty ? sortedBlocks : sortedBlocks.filter { !repeatedRoot.contains($0) }
    addresses.append(contentsOf: expansion.resources.keys)
    addresses.sort()
    return addresses
  }

  /// The attributes of an identity whose value is fully known (all of them, usually).
  static func knownPart(of identity: [String: Value]) -> [String: Value] {
    identity.values.contains(where: \.containsUnknown) ? identity.filter { !$0.value.containsUnknown } : identity
  }
}
