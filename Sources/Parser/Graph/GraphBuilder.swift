/// Load-time evaluation of a bound configuration (validate mode: resources' computed outputs are
/// unknown) and assembly of the ``Graph``: settings, dependencies, topological order.
import ImmplanSupport

struct GraphBuilder {
  let configuration: Configuration
  let variables: [VariableValue]
  let functions: FunctionCaller
  /// Node → referenced nodes, from the ``ReferenceChecker``.
  let edges: [GraphNode: [(node: GraphNode, range: SourceRange)]]
  var diagnostics: [Diagnostic] = []

  /// Resources whose arguments some expression reads (the reference checker's
  /// ``ReferenceChecker/argumentReferences``): evaluated first, in dependency order, so that
  /// every other resource only reads values already known.
  var argumentReferences: Set<ResourceAddress> = []
  /// Whether the reference checker found a dependency cycle (then the serial pass keeps the
  /// order of a walk over every node, so values on the cycle come out as they always did).
  var hasCycles = true
  /// Locals from which some resource is reachable through references (filled by ``build(parallelism:)``):
  /// a dependency walk through any other local finds no resource, so it is skipped.
  private var localsReachingResources: Set<String> = []
  /// Every resource's address in order, when the caller sorted them already (else ``build(parallelism:)`` does).
  var sortedAddresses: [ResourceAddress]?
  /// ``LoadOptions/keepsLoadTimeValues``: false leaves the context's constant arguments empty.
  var keepsLoadTimeValues = true
  /// The provider configuration of every resource (``Graph/defaultProvider``'s rule).
  private var defaultProvider: ProviderConfigAddress {
    .defaultConfiguration(among: configuration.providers.keys)
  }

  init(
    configuration: Configuration, variables: [VariableValue], functions: FunctionCaller,
    edges: [GraphNode: [(node: GraphNode, range: SourceRange)]], argumentReferences: Set<ResourceAddress> = [],
    hasCycles: Bool = true
  ) {
    self.configuration = configuration
    self.variables = variables
    self.functions = functions
    self.edges = edges
    self.argumentReferences = argumentReferences
    self.hasCycles = hasCycles
  }

  mutating func build(parallelism: Parallel) -> Graph {
    var variableValues: [String: Value] = [:]
    for variable in variables { variableValues[variable.name] = variable.value }
    let context = EvaluationContext(
      configuration: configuration, variableValues: variableValues, functions: functions, constantLocals: [:])
    let session = EvaluationSession(context: context, outputs: { _ in nil })
    let addresses = sortedAddresses ?? configuration.resources.keys.sorted()
    localsReachingResources = findLocalsReachingResources()

    // Every local, and every resource whose arguments another expression reads, in dependency
    // order: memoised values are found and no reference chain, however long, recurses deeper
    // than one level. What is left (most resources: they are read only through computed
    // outputs, which are unknown here) depends on nothing but these.
    let order = hasCycles ? evaluationOrder(sortedAddresses: addresses) : serialPassOrder()
    for node in order {
      switch node {
      case .local(let name): _ = session.local(name)
      case .resource(let address): if argumentReferences.contains(address) { _ = session.identity(of: address) }
      case .output: break
      }
    }

    // The rest, and every resource's settings, in address-ordered chunks on all cores. Each chunk
    // continues from the serial pass's values in its own session; the chunks' results and
    // diagnostics are merged in address order, so the graph is the same as a serial run's.
    var template = self
    template.diagnostics = []
    let worker = template
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
        guard let declaration = builder.configuration.resources[address] else { continue }
        let identity = local.identity(of: address)
        if keeps { identities[address] = GraphBuilder.knownPart(of: identity) }
        let resource = builder.buildResource(declaration, session: local)
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
    // Identities the serial pass evaluated that no chunk served (none, unless a resource was
    // skipped above), so the context knows everything a serial run would.
    for (address, identity) in session.evaluatedIdentities where keeps && constantAttributes[address] == nil {
      constantAttributes[address] = GraphBuilder.knownPart(of: identity)
    }

    var outputs: [OutputDeclaration] = []
    for name in configuration.outputs.keys.sorted() {
      outputs.append(buildOutput(configuration.outputs[name]!, session: session))
    }

    let providers = buildProviders(session: session)
    let stateBackend = buildStateBackend(session: session)
    let constantLocals = session.evaluatedLocals.filter { !$0.value.containsUnknown }
    diagnostics.append(contentsOf: session.diagnostics)
    diagnostics.append(contentsOf: evaluationDiagnostics)

    let finalContext = EvaluationContext(
      configuration: configuration, variableValues: variableValues, functions: functions,
      constantLocals: constantLocals, constantAttributes: constantAttributes, dependencyEdges: edges)
    guard zip(chunkResources, pieces).allSatisfy({ $0.count == $1.count }) else {
      return Graph(
        resources: GraphBuilder.topologicalOrder(chunkResources.flatMap(\.elements)), variables: variables,
        outputs: outputs, providers: providers, stateBackend: stateBackend, evaluation: finalContext)
    }
    // Every address was built, chunk by chunk in address order: the graph's lookup by address is
    // the inverse of the topological order.
    let positions = GraphBuilder.topologicalPositions(count: addresses.count, dependencyRanks: dependencyRanks)
    var addressOrder = [Int](repeating: 0, count: positions.count)
    for (position, rank) in positions.enumerated() { addressOrder[rank] = position }
    let resources = ChunkBuffer.gather(chunkResources, order: positions)
    return Graph(
      resources: resources, variables: variables, outputs: outputs, providers: providers,
      stateBackend: stateBackend, evaluation: finalContext, addressOrder: addressOrder)
  }

  /// The attributes of an identity whose value is fully known (all of them, usually).
  static func knownPart(of identity: [String: Value]) -> [String: Value] {
    identity.values.contains(where: \.containsUnknown) ? identity.filter { !$0.value.containsUnknown } : identity
  }

  // MARK: - Dependencies

  /// Locals and resources, dependencies before dependants (iterative depth-first post-order from
  /// the sorted nodes; nodes on a cycle come in some order, their cycle already reported).
  /// `sortedAddresses` are the resources' addresses in order.
  func evaluationOrder(sortedAddresses: [ResourceAddress]) -> [GraphNode] {
    // Resources sort before locals (`fleet.`, `image.`, `launch_template.` < `local.`), and
    // among themselves as their addresses do.
    let roots = sortedAddresses.map { GraphNode.resource($0) } + configuration.locals.keys.sorted().map { .local($0) }
    return postOrder(from: roots) { _ in true }
  }

  /// Depth-first post-order from `roots` in their order, following only edges to nodes for which
  /// `follows` is true; each node once. Iterative: no configuration can overflow the stack.
  private func postOrder(from roots: [GraphNode], following follows: (GraphNode) -> Bool) -> [GraphNode] {
    var done = Set<GraphNode>()
    done.reserveCapacity(roots.count)
    var order: [GraphNode] = []
    order.reserveCapacity(roots.count)
    // Each frame keeps its node's targets, so every node's edges are looked up once.
    var stack: [(node: GraphNode, targets: [(node: GraphNode, range: SourceRange)], next: Int)] = []
    for root in roots where done.insert(root).inserted {
      stack.append((root, edges[root] ?? [], 0))
      while !stack.isEmpty {
        let last = stack.count - 1
        let next = stack[last].next
        if next >= stack[last].targets.count {
          order.append(stack.removeLast().node)
          continue
        }
        stack[last].next = next + 1
        let target = stack[last].targets[next].node
        if follows(target), done.insert(target).inserted { stack.append((target, edges[target] ?? [], 0)) }
      }
    }
    return order
  }

  /// Without cycles: the locals and the resources whose arguments are read, dependencies first
  /// (depth-first post-order from the sorted nodes, following only edges to such nodes: an edge
  /// to any other resource is a computed output, never evaluated here). Each value then depends
  /// only on values computed before it, so any such order gives the same values as the walk over
  /// every node, at the cost of the few nodes involved instead of all of them.
  func serialPassOrder() -> [GraphNode] {
    let roots =
      argumentReferences.sorted().map { GraphNode.resource($0) } + configuration.locals.keys.sorted().map { .local($0) }
    func isInPass(_ node: GraphNode) -> Bool {
      switch node {
      case .local: true
      case .resource(let address): argumentReferences.contains(address)
      case .output: false
      }
    }
    return postOrder(from: roots, following: isInPass)
  }

  /// Locals that reference a resource directly or through other locals.
  private func findLocalsReachingResources() -> Set<String> {
    var reaching: Set<String> = []
    var referencedBy: [String: [String]] = [:]
    var pending: [String] = []
    for (node, targets) in edges {
      guard case .local(let name) = node else { continue }
      for (target, _) in targets {
        switch target {
        case .resource: if reaching.insert(name).inserted { pending.append(name) }
        case .local(let other): referencedBy[other, default: []].append(name)
        case .output: break
        }
      }
    }
    while let name = pending.popLast() {
      for source in referencedBy[name] ?? [] where reaching.insert(source).inserted { pending.append(source) }
    }
    return reaching
  }

  /// Resources `node` depends on: referenced directly, or through locals (transitively).
  func resourceDependencies(of node: GraphNode) -> [ResourceAddress] {
    guard let direct = edges[node] else { return [] }
    var result: [ResourceAddress] = []
    var throughLocals = false
    for (target, _) in direct {
      switch target {
      case .resource(let address): result.append(address)
      case .local(let name): if localsReachingResources.contains(name) { throughLocals = true }
      case .output: break
      }
    }
    if throughLocals {
      var visited: Set<GraphNode> = [node]
      var pending = direct.map(\.node).filter {
        if case .local = $0 { return visited.insert($0).inserted } else { return false }
      }
      while let current = pending.popLast() {
        for (target, _) in edges[current] ?? [] {
          switch target {
          case .resource(let address): result.append(address)
          case .local: if visited.insert(target).inserted { pending.append(target) }
          case .output: break
          }
        }
      }
    }
    if result.count > 1 { result = Array(Set(result)).sorted() }
    return result
  }

  /// Kahn's algorithm; among ready resources the smallest address goes first. `sorted` is in
  /// address order.
  static func topologicalOrder(_ sorted: [Resource]) -> [Resource] {
    var rank: [ResourceAddress: Int] = [:]
    rank.reserveCapacity(sorted.count)
    for (index, resource) in sorted.enumerated() { rank[resource.address] = index }
    let ranks = sorted.map { $0.dependencies.compactMap { rank[$0] } }
    return topologicalPositions(count: sorted.count, dependencyRanks: ranks).map { sorted[$0] }
  }

  /// ``topologicalOrder(_:)`` as positions in `sorted`, with each resource's dependencies given
  /// as positions too (`dependencyRanks[i]` for `sorted[i]`; dependencies not in it left out).
  static func topologicalPositions(count: Int, dependencyRanks: [[Int]]) -> [Int] {
    var remaining = [Int](repeating: 0, count: count)
    var dependants = [[Int]](repeating: [], count: count)
    for (index, ranks) in dependencyRanks.enumerated() {
      for dependencyRank in ranks where dependencyRank != index {
        remaining[index] += 1
        dependants[dependencyRank].append(index)
      }
    }
    var heap = MinHeap()
    for index in 0..<count where remaining[index] == 0 { heap.push(index) }
    var order: [Int] = []
    order.reserveCapacity(count)
    var placed = [Bool](repeating: false, count: count)
    while let index = heap.pop() {
      order.append(index)
      placed[index] = true
      for dependant in dependants[index] {
        remaining[dependant] -= 1
        if remaining[dependant] == 0 { heap.push(dependant) }
      }
    }
    // Resources on a cycle (already reported) go last, by address, so nothing is lost.
    if order.count < count {
      for index in 0..<count where !placed[index] { order.append(index) }
    }
    return order
  }

  /// The position of `address` in the sorted `addresses` (binary search), nil when absent.
  static func position(of address: ResourceAddress, in addresses: [ResourceAddress]) -> Int? {
    var low = 0
    var high = addresses.count
    while low < high {
      let middle = (low + high) / 2
      if addresses[middle] < address { low = middle + 1 } else { high = middle }
    }
    return low < addresses.count && addresses[low] == address ? low : nil
  }

  // MARK: - Resources

  private mutating func buildResource(_ declaration: ResourceDeclaration, session: EvaluationSession) -> Resource {
    let address = declaration.address
    let body = declaration.block.body
    let identity = session.identity(of: address)
    switch address.kind {
    case .fleet: checkCapacity(identity, body: body, session: session)
    case .image, .launchTemplate: break
    }

    // Settings are read as the kind's schema declares them.
    let schema = declaration.schema
    var settings = ResourceSettings()
    settings.description = setting("description", in: body, schema: schema, session: session)?.stringValue
    if schema.attribute("retain") != nil {
      settings.retain = wholeNumber("retain", in: body, schema: schema, session: session) ?? 2
    }
    if schema.block("health_check") != nil {
      let health = body.block("health_check")?.body ?? BoundBody()
      var healthCheck = HealthCheckSettings()
      if let type = setting("type", in: health, schema: Schema.healthCheck, session: session)?.stringValue {
        healthCheck.type = HealthCheckSettings.CheckType(rawValue: type) ?? .ec2
      }
      if let grace = setting("grace_period", in: health, schema: Schema.healthCheck, session: session)?.durationValue {
        healthCheck.gracePeriod = grace
      }
      if let timeout = setting("timeout", in: health, schema: Schema.healthCheck, session: session)?.durationValue {
        healthCheck.timeout = timeout
      }
      settings.healthCheck = healthCheck
    }
    if schema.block("rollout") != nil {
      let rolloutBody = body.block("rollout")?.body ?? BoundBody()
      var rollout = RolloutSettings()
      if let bake = setting("bake_time", in: rolloutBody, schema: Schema.rollout, session: session)?.durationValue {
        rollout.bakeTime = bake
      }
      _ = setting("strategy", in: rolloutBody, schema: Schema.rollout, session: session)
      settings.rollout = rollout
    }
    let lifecycleBody = body.block("lifecycle")?.body ?? BoundBody()
    var lifecycle = LifecycleSettings()
    if let value = setting("prevent_destroy", in: lifecycleBody, schema: Schema.lifecycle, session: session)?.boolValue
    {
      lifecycle.preventDestroy = value
    }
    if let value = setting("create_before_destroy", in: lifecycleBody, schema: Schema.lifecycle, session: session)?
      .boolValue
    {
      lifecycle.createBeforeDestroy = value
    }
    if let triggers = lifecycleBody.attributes["replace_triggered_by"],
      case .tuple(let elements) = triggers.expression.kind
    {
      for element in elements {
        guard case .resource(let target, let attribute)? = element.matchReference(isShadowed: { _ in false }),
          configuration.resources[target] != nil
        else { continue }
        lifecycle.replaceTriggeredBy.append(ReplaceTrigger(address: target, attribute: attribute, range: element.range))
      }
    }
    settings.lifecycle = lifecycle

    return Resource(
      address: address, provider: defaultProvider,
      dependencies: resourceDependencies(of: .resource(address)).filter { $0 != address }, settings: settings,
      range: declaration.block.range, body: body)
  }

  /// `min_size <= desired_capacity <= max_size`, all whole numbers >= 0.
  private mutating func checkCapacity(_ identity: [String: Value], body: BoundBody, session: EvaluationSession) {
    func known(_ name: String) -> (Number, SourceRange)? {
      guard let number = identity[name]?.numberValue else { return nil }
      let range = body.attributes[name]?.expression.range ?? body.attributes["min_size"]?.expression.range
      guard let range else { return nil }
      if !number.isInteger || number.isNegative {
        diagnostics.append(
          .numberOutOfRange(name, "a fleet size must be a whole number >= 0, got \(number)", at: range))
        return nil
      }
      // AWS's sizes are 32-bit integers; the sim would quietly cap them.
      guard let size = number.intValue, size <= Int(Int32.max) else {
        diagnostics.append(
          .numberOutOfRange(name, "a fleet size must be at most \(Int32.max), got \(number)", at: range))
        return nil
      }
      return (number, range)
    }
    let minimum = known("min_size")
    let maximum = known("max_size")
    let desired = body.attributes["desired_capacity"] != nil ? known("desired_capacity") : nil
    if let (min, minRange) = minimum, let (max, maxRange) = maximum, max < min {
      diagnostics.append(
        .invalidCapacity(
          "`max_size` (\(max)) is less than `min_size` (\(min))", at: maxRange,
          related: [DiagnosticLabel(minRange, "`min_size` is \(min)")]))
      return
    }
    guard let (value, range) = desired else { return }
    if let (min, minRange) = minimum, value < min {
      diagnostics.append(
        .invalidCapacity(
          "`desired_capacity` (\(value)) is less than `min_size` (\(min))", at: range,
          related: [DiagnosticLabel(minRange, "`min_size` is \(min)")]))
    } else if let (max, maxRange) = maximum, max < value {
      diagnostics.append(
        .invalidCapacity(
          "`desired_capacity` (\(value)) is greater than `max_size` (\(max))", at: range,
          related: [DiagnosticLabel(maxRange, "`max_size` is \(max)")]))
    }
  }

  /// A setting's value: converted, defaulted, and required to be known at plan time.
  private mutating func setting(_ name: String, in body: BoundBody, schema: BlockSchema, session: EvaluationSession)
    -> Value?
  {
    guard let attributeSchema = schema.attribute(name) else { return nil }
    guard let attribute = body.attributes[name] else { return attributeSchema.defaultValue }
    let errorsBefore = session.diagnostics.count
    let value = session.convert(
      session.evaluate(attribute.expression), to: attributeSchema, at: attribute.expression.range)
    if value.containsUnknown {
      if session.diagnostics.count == errorsBefore {
        diagnostics.append(.unknownAtPlanTime(name, at: attribute.expression.range))
      }
      return nil
    }
    if value.containsSensitive {
      // Settings are printed in plans; a secret must not become one.
      diagnostics.append(.sensitiveOutput(name, isSetting: true, at: attribute.expression.range))
      return nil
    }
    return value.isNull ? attributeSchema.defaultValue : value
  }

  private mutating func wholeNumber(_ name: String, in body: BoundBody, schema: BlockSchema, session: EvaluationSession)
    -> Int?
  {
    guard let number = setting(name, in: body, schema: schema, session: session)?.numberValue else { return nil }
    guard number.isInteger, !number.isNegative, let int = number.intValue else {
      if let range = body.attributes[name]?.expression.range {
        diagnostics.append(.numberOutOfRange(name, "expected a whole number >= 0, got \(number)", at: range))
      }
      return nil
    }
    return int
  }

  // MARK: - Outputs, providers, state

  private mutating func buildOutput(_ output: OutputSyntax, session: EvaluationSession) -> OutputDeclaration {
    let body = output.block.body
    let isSensitive = setting("sensitive", in: body, schema: Schema.output, session: session)?.boolValue ?? false
    let description = setting("description", in: body, schema: Schema.output, session: session)?.stringValue
    if let value = body.attributes["value"] {
      let result = session.evaluate(value.expression)
      if result.containsSensitive, !isSensitive {
        diagnostics.append(.sensitiveOutput(output.name, at: value.expression.range))
      }
    }
    return OutputDeclaration(
      name: output.name, description: description, isSensitive: isSensitive,
      dependencies: resourceDependencies(of: .output(output.name)), range: output.block.range)
  }

  /// Every `provider` block, evaluated against its type's schema, in address order.
  private mutating func buildProviders(session: EvaluationSession) -> [ProviderConfiguration] {
    var providers: [ProviderConfiguration] = []
    for address in configuration.providers.keys.sorted() {
      guard let type = ProviderType.named(address.type), let block = configuration.providers[address] else { continue }
      var settings: [String: Value] = [:]
      for attribute in type.schema.attributes {
        guard var value = setting(attribute.name, in: block.body, schema: type.schema, session: session),
          !value.isNull
        else { continue }
        if attribute.keysAreResourceAddresses, let map = value.mapValue,
          let expression = block.body.attributes[attribute.name]?.expression
        {
          value = .map(checkedAddressMap(map, attribute: attribute, expression: expression))
        }
        settings[attribute.name] = value
      }
      providers.append(ProviderConfiguration(address: address, settings: settings))
    }
    return providers
  }

  /// The entries of a map keyed by resource addresses (the sim's `fail`) whose key is an address
  /// and whose value is allowed; each other entry is reported where it is written.
  private mutating func checkedAddressMap(_ map: [String: Value], attribute: AttributeSchema, expression: Expression)
    -> [String: Value]
  {
    var kept: [String: Value] = [:]
    for key in map.keys.sorted() {
      let range = itemRange(key, in: expression)
      guard ResourceAddress(parsing: key) != nil else {
        diagnostics.append(
          .invalidReference(
            "`\(attribute.name)` keys must be resource addresses like \"fleet.web\", got \(quoted(key))", at: range))
        continue
      }
      let text = map[key]!.stringValue ?? ""
      if let allowed = attribute.allowedValues, !allowed.contains(text) {
        diagnostics.append(.invalidEnumValue(attribute.name, value: text, allowed: allowed, at: range))
        continue
      }
      kept[key] = map[key]!
    }
    return kept
  }

  /// The range of `key = …` inside an object constructor, else the whole expression.
  private func itemRange(_ key: String, in expression: Expression) -> SourceRange {
    guard case .object(let items) = expression.kind else { return expression.range }
    for item in items {
      var text: String?
      switch item.key.kind {
      case .variable(let name): text = name
      case .template(let template): text = template.literalText
      default: text = nil
      }
      if text == key { return item.key.range.union(item.value.range) }
    }
    return expression.range
  }

  private mutating func buildStateBackend(session: EvaluationSession) -> StateBackendSettings {
    guard let state = configuration.state else { return .local(path: "immplan.state.json") }
    if state.labels.first?.value == "s3" {
      let schema = Schema.s3State
      return .s3(
        bucket: setting("bucket", in: state.body, schema: schema, session: session)?.stringValue ?? "",
        key: setting("key", in: state.body, schema: schema, session: session)?.stringValue ?? "",
        region: setting("region", in: state.body, schema: schema, session: session)?.stringValue,
        endpoint: setting("endpoint", in: state.body, schema: schema, session: session)?.stringValue,
        profile: setting("profile", in: state.body, schema: schema, session: session)?.stringValue)
    }
    return .local(
      path: setting("path", in: state.body, schema: Schema.localState, session: session)?.stringValue
        ?? "immplan.state.json")
  }
}

/// A binary min-heap of ranks (the tie-break order of the topological sort).
struct MinHeap {
  private var items: [Int] = []

  mutating func push(_ value: Int) {
    items.append(value)
    var child = items.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard items[child] < items[parent] else { break }
      items.swapAt(child, parent)
      child = parent
    }
  }

  mutating func pop() -> Int? {
    guard !items.isEmpty else { return nil }
    let top = items[0]
    let last = items.removeLast()
    if !items.isEmpty {
      items[0] = last
      var parent = 0
      while true {
        let left = 2 * parent + 1
        let right = left + 1
        var smallest = parent
        if left < items.count, items[left] < items[smallest] { smallest = left }
        if right < items.count, items[right] < items[smallest] { smallest = right }
        if smallest == parent { break }
        items.swapAt(parent, smallest)
        parent = smallest
      }
    }
    return top
  }
}
