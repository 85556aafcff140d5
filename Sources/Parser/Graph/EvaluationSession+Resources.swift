/// Resource instances' identity attributes, evaluated in their module instance with their
/// `each` / `count`.
extension EvaluationSession {
  /// The scope a resource instance's expressions are evaluated in.
  func scope(of instance: ResourceInstanceInfo) -> Scope {
    Scope(module: instance.module, repetition: instance.repetition)
  }

  /// The declaration of an instance.
  func declaration(of instance: ResourceInstanceInfo) -> ResourceDeclaration? {
    configuration(ofInstance: instance.module).resources[instance.declaration]
  }

  /// An argument of a resource instance, converted to its schema type, with its default applied
  /// (a constant, or another attribute's value: ``AttributeSchema/defaultFrom``). Settings are
  /// not served here.
  func attribute(_ name: String, of address: ResourceAddress) -> Value {
    if !context.constantAttributes.isEmpty, let value = context.constantAttributes[address]?[name] { return value }
    if let value = identities[address]?[name] { return value }
    let key = AttributeKey(address: address, name: name)
    if !attributeValues.isEmpty, let value = attributeValues[key] { return value }
    guard let schema = address.kind.traits.identityAttribute(name), let instance = instance(address),
      let declaration = declaration(of: instance)
    else { return .unknown }
    guard namedValueDepth < Self.maximumNamedValueDepth else {
      reachedDepthLimit = true
      return .unknown
    }
    guard attributesInProgress.insert(key).inserted else { return .unknown }
    namedValueDepth += 1
    let value = compute(schema, of: declaration, address: address, in: scope(of: instance), earlier: [:])
    namedValueDepth -= 1
    attributesInProgress.remove(key)
    attributeValues[key] = value
    return value
  }

  /// `earlier`: the attributes of the same identity already computed (an attribute's
  /// `defaultFrom` comes before it in the schema).
  func compute(
    _ schema: AttributeSchema, of declaration: ResourceDeclaration, address: ResourceAddress, in scope: Scope,
    earlier: [String: Value]
  ) -> Value {
    if let bound = declaration.block.body.attributes[schema.name] {
      return convert(evaluate(bound.expression, in: scope), to: schema, at: bound.expression.range)
    }
    if let source = schema.defaultFrom {
      return earlier[source] ?? attribute(source, of: address)
    }
    return schema.defaultValue ?? .null
  }

  /// Every identity attribute of the instance at `address`, defaults applied (absent optional
  /// ones as `null`).
  func identity(of address: ResourceAddress) -> [String: Value] {
    if let done = identities[address] { return done }
    let schemas = address.kind.traits.identityAttributes
    let constants = context.constantAttributes.isEmpty ? [:] : context.constantAttributes[address] ?? [:]
    if constants.count == schemas.count { return constants }
    guard namedValueDepth < Self.maximumNamedValueDepth else {
      reachedDepthLimit = true
      return constants
    }
    guard let instance = instance(address), let declaration = declaration(of: instance),
      identitiesInProgress.insert(address).inserted
    else {
      return constants
    }
    namedValueDepth += 1
    defer { namedValueDepth -= 1 }
    let scope = scope(of: instance)
    var result: [String: Value] = [:]
    result.reserveCapacity(schemas.count)
    for index in schemas.indices {
      let name = schemas[index].name
      let value: Value
      if !constants.isEmpty, let constant = constants[name] {
        value = constant
      } else if !attributeValues.isEmpty, let memo = attributeValues[AttributeKey(address: address, name: name)] {
        value = memo
      } else {
        value = compute(schemas[index], of: declaration, address: address, in: scope, earlier: result)
      }
      result[name] = value
    }
    identitiesInProgress.remove(address)
    identities[address] = result
    return result
  }

  /// The instance as an object of its arguments and computed outputs (what `fleet.web` is).
  func instanceObject(_ address: ResourceAddress) -> Value {
    let computed = outputs(address) ?? [:]
    var object = identity(of: address)
    for name in address.kind.computedAttributes { object[name] = computed[name] ?? .unknown }
    return .map(object)
  }

  /// One attribute of an instance: a computed output (from `outputs`) or an argument.
  func instanceAttribute(_ name: String, of address: ResourceAddress) -> Value {
    if address.kind.isComputedAttribute(name) { return outputs(address)?[name] ?? .unknown }
    return attribute(name, of: address)
  }

  /// Converts an attribute's value to its schema type and checks null and enumerations.
  func convert(_ value: Value, to schema: AttributeSchema, at range: SourceRange) -> Value {
    if value.isNull {
      if schema.isRequired {
        report(.nullRequiredAttribute(schema.name, at: range))
        return .unknown
      }
      return schema.defaultValue ?? .null
    }
    switch value.converted(to: schema.type) {
    case .failure(let error):
      report(.attributeTypeMismatch(schema.name, expected: schema.type, error: error, at: range))
      return .unknown
    case .success(let converted):
      if let allowed = schema.allowedValues, let text = converted.stringValue, !allowed.contains(text) {
        report(.invalidEnumValue(schema.name, value: text, allowed: allowed, at: range))
        return .unknown
      }
      return converted
    }
  }
}
