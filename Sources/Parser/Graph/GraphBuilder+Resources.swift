import ImmplanSupport

/// One resource block: its capacity checks and its settings, read as the kind's schema declares
/// them (settings are known at plan time and never sensitive).
extension GraphBuilder {
  /// The resource of one instance: its settings (evaluated with its `each` / `count`), its
  /// dependencies and its provider configuration.
  mutating func buildResource(_ address: ResourceAddress, instance: ResourceInstanceInfo, session: EvaluationSession)
    -> Resource
  {
    let declaration = session.declaration(of: instance)!  // every instance has its block
    let body = declaration.block.body
    let identity = session.identity(of: address)
    let saved = session.scope
    session.scope = session.scope(of: instance)
    defer { session.scope = saved }
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
        lifecycle.replaceTriggeredBy += replaceTriggers(element, of: instance, session: session)
      }
    }
    settings.lifecycle = lifecycle

    let dependencies = self.dependencies(of: address, instance: instance, session: session)
    let provider = providers.provider(
      of: body, inNode: session.moduleInfo(instance.module).node, diagnostics: &diagnostics)
    return Resource(
      address: address, provider: provider, dependencies: dependencies, settings: settings,
      range: declaration.block.range, body: body)
  }

  /// The instances one `replace_triggered_by` entry names: `image.web` (each of its instances),
  /// `image.web[each.key]` (one), with an attribute or not.
  private func replaceTriggers(_ element: Expression, of instance: ResourceInstanceInfo, session: EvaluationSession)
    -> [ReplaceTrigger]
  {
    let path = session.moduleInfo(instance.module).path
    switch element.matchReference(isShadowed: { _ in false }) {
    case .resource(let target, let attribute)?:
      return session.keys(of: target, in: instance.module).map { key in
        ReplaceTrigger(
          address: ResourceAddress(module: path, kind: target.kind, name: target.name, key: key), attribute: attribute,
          range: element.range)
      }
    case .resourceInstance(let target, let keyExpression, let attribute)?:
      let declaration = session.configuration(ofInstance: instance.module).resources[target]
      let value = session.evaluate(keyExpression, in: session.scope(of: instance))
      guard
        let key = session.instanceKey(value, repetition: RepetitionMode(declaration?.repetition), at: element.range)
      else { return [] }
      return [
        ReplaceTrigger(
          address: ResourceAddress(module: path, kind: target.kind, name: target.name, key: key), attribute: attribute,
          range: element.range)
      ]
    default:
      return []
    }
  }

  /// `min_size <= desired_capacity <= max_size`, all whole numbers >= 0.
  mutating func checkCapacity(_ identity: [String: Value], body: BoundBody, session: EvaluationSession) {
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
  mutating func setting(_ name: String, in body: BoundBody, schema: BlockSchema, session: EvaluationSession)
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

  mutating func wholeNumber(_ name: String, in body: BoundBody, schema: BlockSchema, session: EvaluationSession)
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
}
