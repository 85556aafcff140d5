import ImmplanSupport

/// Binds syntax trees to the schema of BRIEF §2: checks block types, labels, attribute names,
/// required attributes and duplicates, and collects the declarations into a ``Configuration``.
/// Reports every problem and keeps going; a bad block is skipped, the rest still bound.
struct Binder {
  var configuration = Configuration()
  var diagnostics: [Diagnostic] = []
  /// The module being bound (`module.a.module.b`), nil for the root module: provider and state
  /// blocks belong to the root module only.
  var module: ModulePath?
  /// Where each named declaration was first written, for "first declared here".
  private var firstDeclared: [String: SourceRange] = [:]
  /// How widely resource blocks are bound in parallel.
  let parallelism: Parallel

  init(parallelism: Parallel) {
    self.parallelism = parallelism
  }

  mutating func bind(_ file: SyntaxFile) {
    let items = file.body.items
    configuration.resources.reserveCapacity(configuration.resources.count + items.count)
    // The chunks cover `items` in order: the results are taken as they come, not joined first.
    var index = 0
    for chunk in Binder.bindResourceBlocks(items, parallelism: parallelism) {
      for result in chunk {
        defer { index += 1 }
        if let (kind, bound, blockDiagnostics) = result {
          if !blockDiagnostics.isEmpty { diagnostics.append(contentsOf: blockDiagnostics) }
          if let bound { declareResource(bound, kind: kind) }
          continue
        }
        switch items[index] {
        case .attribute(let attribute):
          diagnostics.append(.unknownAttribute(attribute.name, in: nil, candidates: [], at: attribute.nameRange))
        case .block(let block):
          bindTopLevel(block)
        }
      }
    }
  }

  /// The resource blocks among `items` (most of a configuration), each bound on its own with its
  /// diagnostics, on all cores; nil for every other item. Binding a block reads nothing but the
  /// block and the schema, so the result is what binding them one by one gives. One array per
  /// chunk, the chunks in the order of `items`.
  private static func bindResourceBlocks(
    _ items: [BodyItem], parallelism: Parallel
  ) -> [[(ResourceKind, BoundBlock?, [Diagnostic])?]] {
    let pieces = parallelism.chunks(items.count, minimumChunk: 256)
    let chunks = parallelism.map(pieces.count) { piece in
      var binder = Binder(parallelism: .serial)
      var results: [(ResourceKind, BoundBlock?, [Diagnostic])?] = []
      results.reserveCapacity(pieces[piece].count)
      for index in pieces[piece] {
        guard case .block(let block) = items[index], let kind = ResourceKind(rawValue: block.type) else {
          results.append(nil)
          continue
        }
        let bound = binder.bindBlock(block, schema: kind.schema, container: kind.rawValue)
        if let bound { binder.checkRepetition(bound.body) }
        results.append((kind, bound, binder.diagnostics))
        binder.diagnostics.removeAll()
      }
      return results
    }
    return chunks
  }

  private mutating func declareResource(_ bound: BoundBlock, kind: ResourceKind) {
    let address = ResourceAddress(kind: kind, name: bound.labels[0].value)
    // One hash of the address in the usual case (a new address); a repeat puts the first back.
    let declaration = ResourceDeclaration(address: address, block: bound)
    if let previous = configuration.resources.updateValue(declaration, forKey: address) {
      configuration.resources[address] = previous
      diagnostics.append(
        .duplicateDeclaration("`\(address)`", at: bound.labels[0].range, previous: previous.block.labels[0].range))
    }
  }

  private mutating func bindTopLevel(_ block: Block) {
    switch block.type {
    case "variable":
      guard let bound = bindBlock(block, schema: Schema.variable, container: "variable") else { return }
      let name = bound.labels[0].value
      guard declare("variable.\(name)", what: "variable `\(name)`", at: bound.labels[0].range) else { return }
      configuration.variables[name] = VariableDeclaration(name: name, block: bound)
    case "locals":
      guard let bound = bindBlock(block, schema: Schema.locals, container: "locals") else { return }
      for attribute in bound.body.attributes {
        let name = attribute.name
        guard declare("local.\(name)", what: "local value `\(name)`", at: attribute.nameRange) else { continue }
        configuration.locals[name] = LocalDeclaration(name: name, attribute: attribute)
      }
    case "output":
      guard let bound = bindBlock(block, schema: Schema.output, container: "output") else { return }
      let name = bound.labels[0].value
      guard declare("output.\(name)", what: "output `\(name)`", at: bound.labels[0].range) else { return }
      configuration.outputs[name] = OutputSyntax(name: name, block: bound)
    case "provider":
      if let module {
        diagnostics.append(.blockNotAllowedInModule("provider", module: module.description, at: block.typeRange))
        return
      }
      guard let name = checkTypeLabel(block, what: "provider", allowed: ProviderType.names),
        let type = ProviderType.named(name)
      else { return }
      var schema = type.schema
      schema.attributes.append(Schema.providerAlias)
      guard let bound = bindBlock(block, schema: schema, container: "provider \"\(name)\"") else { return }
      var address = ProviderConfigAddress(type: name)
      if let alias = bound.body.attributes["alias"] {
        guard case .template(let template) = alias.expression.kind, let text = template.literalText else {
          diagnostics.append(
            .invalidReference(
              "a provider `alias` must be a literal name", at: alias.expression.range, help: "write `alias = \"eu\"`"))
          return
        }
        guard AddressText.isIdentifier(text) else {
          diagnostics.append(.invalidName("provider alias", text, at: alias.expression.range))
          return
        }
        address.alias = text
      }
      guard
        declare(
          "provider.\(address)", what: "provider configuration `\(address)`", at: block.typeRange,
          isBlock: address.alias == nil)
      else { return }
      configuration.providers[address] = bound
    case "module":
      guard let bound = bindBlock(block, schema: Schema.module, container: "module") else { return }
      let name = bound.labels[0].value
      checkRepetition(bound.body)
      guard let sourceAttribute = bound.body.attributes["source"] else { return }
      guard case .template(let template) = sourceAttribute.expression.kind, let source = template.literalText else {
        diagnostics.append(.invalidModuleSource(nil, at: sourceAttribute.expression.range))
        return
      }
      guard declare("module.\(name)", what: "module `\(name)`", at: bound.labels[0].range) else { return }
      configuration.moduleCalls[name] = ModuleCallDeclaration(
        name: name, block: bound, source: source, sourceRange: sourceAttribute.expression.range)
    case "state":
      if let module {
        diagnostics.append(.blockNotAllowedInModule("state", module: module.description, at: block.typeRange))
        return
      }
      guard let type = checkTypeLabel(block, what: "state backend", allowed: Schema.stateTypes) else { return }
      let schema = type == "local" ? Schema.localState : Schema.s3State
      guard let bound = bindBlock(block, schema: schema, container: "state \"\(type)\"") else { return }
      guard declare("state", what: "state", at: block.typeRange, isBlock: true) else { return }
      configuration.state = bound
    default:
      guard let kind = ResourceKind(rawValue: block.type) else {
        diagnostics.append(
          .unknownBlockType(block.type, in: nil, candidates: Schema.topLevelTypes, at: block.typeRange))
        return
      }
      guard let bound = bindBlock(block, schema: kind.schema, container: kind.rawValue) else { return }
      checkRepetition(bound.body)
      declareResource(bound, kind: kind)
    }
  }

  /// At most one of `count`, `for_each` and `lifecycle { enabled }`.
  mutating func checkRepetition(_ body: BoundBody) {
    var found: [(name: String, range: SourceRange)] = []
    if let count = body.attributes["count"] { found.append(("count", count.nameRange)) }
    if let forEach = body.attributes["for_each"] { found.append(("for_each", forEach.nameRange)) }
    if let enabled = body.block("lifecycle")?.body.attributes["enabled"] {
      found.append(("enabled", enabled.nameRange))
    }
    guard found.count > 1 else { return }
    found.sort { $0.range.start < $1.range.start }
    diagnostics.append(.conflictingRepetition(found[0].name, found[1].name, at: found[1].range, other: found[0].range))
  }

  /// Records a declaration; false (with a diagnostic) when the key was declared before.
  private mutating func declare(_ key: String, what: String, at range: SourceRange, isBlock: Bool = false) -> Bool {
    if let previous = firstDeclared[key] {
      diagnostics.append(
        isBlock
          ? .duplicateBlock(key.hasPrefix("state") ? "state" : "provider", at: range, previous: previous)
          : .duplicateDeclaration(what, at: range, previous: previous))
      return false
    }
    firstDeclared[key] = range
    return true
  }

  /// The single type label of `provider`/`state` blocks, checked against the allowed values.
  private mutating func checkTypeLabel(_ block: Block, what: String, allowed: [String]) -> String? {
    guard block.labels.count == 1 else {
      diagnostics.append(
        .wrongLabelCount(block.type, expected: ["type"], got: block.labels.count, at: labelsRange(block)))
      return nil
    }
    let label = block.labels[0]
    guard allowed.contains(label.value) else {
      diagnostics.append(.unknownBlockLabel(what, label: label.value, allowed: allowed, at: label.range))
      return nil
    }
    return label.value
  }

  // MARK: - Generic binding

  /// Checks labels and body against `schema`; nil when the labels are wrong (the body is still
  /// checked, so its errors are reported too).
  mutating func bindBlock(_ block: Block, schema: BlockSchema, container: String) -> BoundBlock? {
    var labelsValid = true
    if block.labels.count != schema.labelNames.count {
      diagnostics.append(
        .wrongLabelCount(block.type, expected: schema.labelNames, got: block.labels.count, at: labelsRange(block)))
      labelsValid = false
    } else if schema.labelNames == ["name"], let label = block.labels.first, !AddressText.isIdentifier(label.value) {
      diagnostics.append(.invalidName(block.type, label.value, at: label.range))
      labelsValid = false
    }
    let header = labelsRange(block)
    let body = bindBody(block.body, schema: schema, container: container, headerRange: header)
    guard labelsValid else { return nil }
    return BoundBlock(type: block.type, labels: block.labels, body: body, headerRange: header, range: block.range)
  }

  private mutating func bindBody(_ body: Body, schema: BlockSchema, container: String, headerRange: SourceRange)
    -> BoundBody
  {
    var bound = BoundBody()
    var attributes: [BoundAttribute] = []
    var blockRanges: [String: SourceRange] = [:]
    // Names suggested for misspelt attributes: their "missing" error would repeat the same mistake.
    var suggested = Set<String>()
    // Only needed for "did you mean", so built only when something is wrong.
    var candidates: [String] { schema.attributes.map(\.name) + schema.blocks.map(\.type) }
    for item in body.items {
      switch item {
      case .attribute(let attribute):
        if schema.allowsAnyAttribute || schema.attribute(attribute.name) != nil {
          // Duplicate attributes in one body are the parser's error (HCL "attribute redefined"):
          // the table keeps the first one.
          if attributes.isEmpty { attributes.reserveCapacity(body.items.count) }
          attributes.append(
            BoundAttribute(
              name: attribute.name, nameRange: attribute.nameRange, expression: attribute.expression,
              range: attribute.range))
        } else if schema.block(attribute.name) != nil {
          diagnostics.append(.attributeWhereBlockExpected(attribute.name, in: container, at: attribute.nameRange))
        } else {
          let diagnostic = Diagnostic.unknownAttribute(
            attribute.name, in: container, candidates: candidates, at: attribute.nameRange)
          diagnostics.append(diagnostic)
          if let suggestion = closestName(to: attribute.name, in: candidates) { suggested.insert(suggestion) }
        }
      case .block(let block):
        guard let nested = schema.block(block.type) else {
          if schema.attribute(block.type) != nil {
            diagnostics.append(.blockWhereAttributeExpected(block.type, in: container, at: block.typeRange))
          } else {
            diagnostics.append(
              .unknownBlockType(block.type, in: container, candidates: candidates, at: block.typeRange))
          }
          continue
        }
        if !nested.isRepeatable, let previous = blockRanges[block.type] {
          diagnostics.append(.duplicateBlock(block.type, at: block.typeRange, previous: previous))
          continue
        }
        blockRanges[block.type] = block.typeRange
        if let boundNested = bindBlock(block, schema: nested, container: "\(container).\(block.type)") {
          bound.blocks[block.type, default: []].append(boundNested)
        }
      }
    }
    bound.attributes = AttributeTable(attributes)
    for attribute in schema.attributes
    where attribute.isRequired && bound.attributes[attribute.name] == nil && !suggested.contains(attribute.name) {
      diagnostics.append(.missingRequiredAttribute(attribute.name, in: container, at: headerRange))
    }
    return bound
  }

  private func labelsRange(_ block: Block) -> SourceRange {
    var range = block.typeRange
    for label in block.labels { range = range.union(label.range) }
    return range
  }
}

extension Diagnostic {
  func withHelp(_ help: String?) -> Diagnostic {
    var copy = self
    copy.help = help
    return copy
  }
}
