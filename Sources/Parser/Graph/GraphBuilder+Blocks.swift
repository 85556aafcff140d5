import ImmplanSupport

/// Outputs, provider configurations and the state backend.
extension GraphBuilder {
  mutating func buildOutput(_ output: OutputSyntax, session: EvaluationSession) -> OutputDeclaration {
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
      dependencies: dependencies(ofOutput: output.name, session: session), range: output.block.range)
  }

  /// Every `provider` block, evaluated against its type's schema, in address order.
  mutating func buildProviders(session: EvaluationSession) -> [ProviderConfiguration] {
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
  mutating func checkedAddressMap(_ map: [String: Value], attribute: AttributeSchema, expression: Expression)
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
  func itemRange(_ key: String, in expression: Expression) -> SourceRange {
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

  mutating func buildStateBackend(session: EvaluationSession) -> StateBackendSettings {
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
