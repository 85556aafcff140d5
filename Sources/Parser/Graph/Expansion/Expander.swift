/// Makes the instances of a configuration (``Expansion``): evaluates every module call's and
/// every resource block's `count`, `for_each` or `lifecycle { enabled }` in the module instance
/// it is written in, at load time, with the rules of Terraform (and OpenTofu's `enabled`):
///
/// - `count`: a whole number >= 0; instances `[0]`, `[1]`, …
/// - `for_each`: a map (or object: a map here) or a set of strings; instances `["key"]`, with
///   `each.value` the map's value (a set's member). A list is refused (`toset()` says what is
///   meant), as are null, sensitive values and sets holding null or non-strings. An empty
///   collection gives no instance. `for_each = RESOURCE` or `= module.NAME` takes that block's
///   keys, `each.value` being the instance of the same key.
/// - `enabled`: a bool; one instance without a key, or none.
///
/// The keys must be known when planning: a key that depends on a value known only after apply
/// is an error that names the reference making it unknown (values may be unknown). Blocks are
/// expanded on demand, so a `for_each` may name a block expanded later; a block whose repetition
/// depends on itself is reported as a cycle.
final class Expander {
  /// Instances one block may have, and all blocks together: a typo such as `count = 1e12` must be
  /// an error, not an exhausted machine.
  static let maximumInstancesPerBlock = 1_000_000
  static let maximumInstances = 5_000_000

  let tree: ModuleTree
  let edges: [ConfigurationEdges]
  private(set) var expansion = Expansion()
  private(set) var diagnostics: [Diagnostic] = []
  private var calls: [CallKey: [Int]] = [:]
  private var callsInProgress: Set<CallKey> = []
  private var blocksInProgress: Set<BlockKey> = []
  private var instanceCount = 0

  private struct CallKey: Hashable {
    var module: Int
    var call: String
  }

  init(tree: ModuleTree, edges: [ConfigurationEdges]) {
    self.tree = tree
    self.edges = edges
  }

  /// Makes every module instance (breadth first, calls by name) and every block's instances.
  /// `session` evaluates; its ``EvaluationSession/expander`` is set to this expander meanwhile.
  func expand(session: EvaluationSession) {
    let saved = session.expander
    session.expander = self
    defer { session.expander = saved }
    var next = 0
    while next < expansion.modules.count {
      let module = next
      next += 1
      let node = tree.nodes[expansion.modules[module].node]
      for call in node.children.keys.sorted() { _ = callInstances(call, in: module, session: session) }
      let configuration = tree.configuration(of: expansion.modules[module].node)
      for (block, declaration) in configuration.resources where module != 0 || declaration.repetition != nil {
        _ = keys(of: BlockKey(module: module, block: block), session: session)
      }
    }
  }

  /// The instances of `call` in module instance `module`, made on first need.
  func callInstances(_ call: String, in module: Int, session: EvaluationSession) -> [Int] {
    let key = CallKey(module: module, call: call)
    if let done = calls[key] { return done }
    let parent = expansion.modules[module]
    guard let node = tree.nodes[parent.node].children[call],
      let declaration = tree.configuration(of: parent.node).moduleCalls[call]
    else { return [] }
    guard callsInProgress.insert(key).inserted else {
      diagnostics.append(.dependencyCycle(["module.\(call)", "module.\(call)"], at: declaration.block.headerRange))
      return []
    }
    defer { callsInProgress.remove(key) }
    let bindings: [RepetitionBinding?] =
      declaration.repetition.map {
        repetition($0, in: module, what: "`module.\(call)`", range: declaration.block.headerRange, session: session)
      } ?? [nil]
    var children: [Int] = []
    for binding in bindings {
      let path = parent.path.appending(ModuleInstanceStep(name: call, key: binding?.key))
      expansion.modules.append(ModuleInstanceInfo(path: path, node: node, parent: module, repetition: binding))
      let index = expansion.modules.count - 1
      expansion.modulesByPath[path] = index
      children.append(index)
    }
    expansion.modules[module].children[call] = children
    calls[key] = children
    return children
  }

  /// The keys of a block, made on first need (its instances are recorded at the same time).
  func keys(of block: BlockKey, session: EvaluationSession) -> [InstanceKey?] {
    if let done = expansion.blockKeys[block] { return done }
    let module = expansion.modules[block.module]
    guard let declaration = tree.configuration(of: module.node).resources[block.block] else { return [] }
    guard let syntax = declaration.repetition else {
      if block.module != 0 { record(block, bindings: [nil], path: module.path) }
      return [nil]
    }
    guard blocksInProgress.insert(block).inserted else {
      let name = block.block.description
      diagnostics.append(.dependencyCycle([name, name], at: syntax.expression.range))
      return []
    }
    defer { blocksInProgress.remove(block) }
    let address = AbsoluteResource(module: module.path, kind: block.block.kind, name: block.block.name)
    let bindings = repetition(
      syntax, in: block.module, what: "`\(address)`", range: syntax.expression.range, session: session)
    record(block, bindings: bindings, path: module.path)
    return expansion.blockKeys[block] ?? []
  }

  /// The instance at `address`, making its module instances and its block's instances first.
  func instance(_ address: ResourceAddress, session: EvaluationSession) -> ResourceInstanceInfo? {
    guard let module = moduleIndex(address.module, session: session) else { return nil }
    _ = keys(
      of: BlockKey(module: module, block: ResourceAddress(kind: address.kind, name: address.name)), session: session)
    return expansion.instance(address, in: tree)
  }

  private func moduleIndex(_ path: ModuleInstancePath, session: EvaluationSession) -> Int? {
    if let known = expansion.modulesByPath[path] { return known }
    var current = 0
    for step in path.steps {
      guard
        let child = callInstances(step.name, in: current, session: session).first(where: {
          expansion.modules[$0].path.steps.last == step
        })
      else { return nil }
      current = child
    }
    return current
  }

  private func record(_ block: BlockKey, bindings: [RepetitionBinding?], path: ModuleInstancePath) {
    var keys: [InstanceKey?] = []
    keys.reserveCapacity(bindings.count)
    for binding in bindings {
      let key = binding?.key
      keys.append(key)
      let address = ResourceAddress(module: path, kind: block.block.kind, name: block.block.name, key: key)
      expansion.resources[address] = ResourceInstanceInfo(
        module: block.module, declaration: block.block, repetition: binding)
    }
    expansion.blockKeys[block] = keys
    if block.module == 0 { expansion.repeatedRootBlocks.insert(block.block) }
  }

  // MARK: - Repetition

  /// The instances a repetition gives: a binding per instance (nil for `enabled`'s one instance
  /// without a key). Problems are reported and give no instances.
  private func repetition(
    _ syntax: RepetitionSyntax, in module: Int, what: String, range: SourceRange, session: EvaluationSession
  ) -> [RepetitionBinding?] {
    let scope = Scope(module: module, repetition: nil)
    let expression = syntax.expression
    switch syntax {
    case .count:
      let value = session.evaluate(expression, in: scope)
      guard let value = known(value, of: expression, what: what, in: module, session: session) else { return [] }
      if value.isNull {
        diagnostics.append(.invalidCount("the value is null; a whole number is required", at: expression.range))
        return []
      }
      guard case .success(let converted) = value.deepUnmarked.converted(to: .number),
        let number = converted.numberValue,
        number.isInteger, !number.isNegative
      else {
        diagnostics.append(
          .invalidCount("expected a whole number >= 0, got \(Expander.describe(value))", at: expression.range))
        return []
      }
      guard let count = number.intValue, count <= Expander.maximumInstancesPerBlock else {
        diagnostics.append(
          .tooManyInstances(number.intValue ?? Int.max, limit: Expander.maximumInstancesPerBlock, at: expression.range))
        return []
      }
      guard admit(count, at: expression.range) else { return [] }
      return (0..<count).map { .count($0) }
    case .enabled:
      let value = session.evaluate(expression, in: scope)
      guard let value = known(value, of: expression, what: what, in: module, session: session) else { return [] }
      if value.isNull {
        diagnostics.append(.invalidEnabled("the value is null; `true` or `false` is required", at: expression.range))
        return []
      }
      if value.containsSensitive {
        diagnostics.append(
          .invalidEnabled("a sensitive value would be revealed by whether the instance exists", at: expression.range))
        return []
      }
      guard case .success(let converted) = value.converted(to: .bool), let enabled = converted.boolValue else {
        diagnostics.append(.invalidEnabled("expected a bool, got \(Expander.describe(value))", at: expression.range))
        return []
      }
      guard enabled else { return [] }
      return admit(1, at: expression.range) ? [nil] : []
    case .forEach:
      return forEach(expression, in: module, what: what, session: session)
    }
  }

  private func forEach(_ expression: Expression, in module: Int, what: String, session: EvaluationSession)
    -> [RepetitionBinding?]
  {
    // `for_each = RESOURCE` / `module.NAME`: that block's keys, each instance's value read when
    // asked (so each instance depends on exactly its namesake).
    switch expression.matchReference(isShadowed: { _ in false }) {
    case .resource(let block, nil)?:
      let configuration = tree.configuration(of: expansion.modules[module].node)
      if case .forEach? = configuration.resources[block]?.repetition {
        let path = expansion.modules[module].path
        let keys = self.keys(of: BlockKey(module: module, block: block), session: session)
        guard admit(keys.count, at: expression.range) else { return [] }
        return keys.compactMap { key in
          guard case .string(let text)? = key else { return nil }
          return .each(
            key: text,
            value: .resourceInstance(ResourceAddress(module: path, kind: block.kind, name: block.name, key: key)))
        }
      }
    case .module(let call, nil)?:
      let configuration = tree.configuration(of: expansion.modules[module].node)
      if case .forEach? = configuration.moduleCalls[call]?.repetition {
        let children = callInstances(call, in: module, session: session)
        guard admit(children.count, at: expression.range) else { return [] }
        return children.compactMap { child in
          guard case .each(let key, _)? = expansion.modules[child].repetition else { return nil }
          return .each(key: key, value: .moduleInstance(child))
        }
      }
    default: break
    }
    let value = session.evaluate(expression, in: Scope(module: module, repetition: nil))
    guard let value = known(value, of: expression, what: what, in: module, session: session) else { return [] }
    if value.isSensitive {
      diagnostics.append(
        .invalidForEach(
          "sensitive values, or values derived from them, cannot be used as `for_each` arguments", at: expression.range,
          help: "a sensitive value would be revealed as an instance key"))
      return []
    }
    switch value.unmarked {
    case .null:
      diagnostics.append(
        .invalidForEach("the value is null; a map, or a set of strings, is required", at: expression.range))
      return []
    case .map(let entries):
      guard admit(entries.count, at: expression.range) else { return [] }
      let deferred = entries.values.contains(where: \.containsUnknown)
      return entries.keys.sorted().map { key in
        .each(key: key, value: deferred ? .deferred(expression, module: module) : .value(entries[key]!))
      }
    case .set(let members):
      var keys: [String] = []
      for member in members {
        if member.isNull {
          diagnostics.append(.invalidForEach("`for_each` sets must not contain null values", at: expression.range))
          return []
        }
        if member.isSensitive {
          diagnostics.append(
            .invalidForEach("a `for_each` set must not contain sensitive values", at: expression.range))
          return []
        }
        guard case .string(let text) = member.unmarked else {
          diagnostics.append(
            .invalidForEach(
              "`for_each` supports maps and sets of strings, but this set holds a \(member.kindName)",
              at: expression.range, help: "convert the members to strings: `toset([for v in … : tostring(v)])`"))
          return []
        }
        keys.append(text)
      }
      guard admit(keys.count, at: expression.range) else { return [] }
      return keys.sorted().map { .each(key: $0, value: .value(.string($0))) }
    case .list:
      diagnostics.append(
        .invalidForEach(
          "the value must be a map, or a set of strings, and it is a list", at: expression.range,
          help: "a list may hold duplicates and its order would key nothing: convert it with `toset(…)`"))
      return []
    default:
      diagnostics.append(
        .invalidForEach(
          "the value must be a map, or a set of strings, and it is a \(value.kindName)", at: expression.range))
      return []
    }
  }

  /// Counts `count` more instances against the total; false (reported) past it.
  private func admit(_ count: Int, at range: SourceRange) -> Bool {
    guard count <= Expander.maximumInstancesPerBlock else {
      diagnostics.append(.tooManyInstances(count, limit: Expander.maximumInstancesPerBlock, at: range))
      return false
    }
    instanceCount += count
    guard instanceCount <= Expander.maximumInstances else {
      diagnostics.append(.tooManyInstances(instanceCount, limit: Expander.maximumInstances, at: range))
      return false
    }
    return true
  }

  /// `value` when its keys are known; otherwise nil, reporting the reference that makes them
  /// unknown (a syntax error already reported makes them unknown silently).
  private func known(
    _ value: Value, of expression: Expression, what: String, in module: Int, session: EvaluationSession
  ) -> Value? {
    let keysUnknown: Bool
    switch value.unmarked {
    case .unknown: keysUnknown = true
    case .set(let members): keysUnknown = members.contains(where: \.containsUnknown)
    case .list(let items): keysUnknown = items.contains(where: \.containsUnknown)
    default: keysUnknown = false
    }
    guard keysUnknown else { return value }
    if case .invalid = expression.kind { return nil }
    let culprit = UnknownValueTracer(session: session).culprit(in: expression, module: module)
    diagnostics.append(.unknownInstanceKeys(what, because: culprit, at: expression.range))
    return nil
  }

  /// A value in a message: scalars as written, `(sensitive)`, else the kind.
  static func describe(_ value: Value) -> String {
    if value.isSensitive { return "(sensitive)" }
    switch value {
    case .number, .bool, .string: return value.canonicalText
    default: return "a \(value.kindName)"
    }
  }
}
