/// The values references name, in the session's current scope.
extension EvaluationSession {
  func resolve(_ reference: Reference, key: Value?, at range: SourceRange) -> Value {
    let module = scope.module
    switch reference {
    case .variable(let name):
      return variable(name, in: module)
    case .local(let name):
      return local(name, in: module)
    case .resource(let block, let attribute):
      return wholeResource(block, attribute: attribute, in: module)
    case .resourceInstance(let block, _, let attribute):
      guard let key, let declaration = configuration(ofInstance: module).resources[block],
        let instanceKey = instanceKey(key, repetition: RepetitionMode(declaration.repetition), at: range)
      else { return .unknown }
      let address = ResourceAddress(
        module: moduleInfo(module).path, kind: block.kind, name: block.name, key: instanceKey)
      guard instance(address) != nil else {
        let available = keys(of: block, in: module).map { block.withKey($0).description }
        report(.noSuchInstance(address.description, available: available, at: range))
        return .unknown
      }
      return attribute.map { instanceAttribute($0, of: address) } ?? instanceObject(address)
    case .module(let call, let output):
      return wholeModule(call, output: output, in: module)
    case .moduleInstance(let call, _, let output):
      guard let key, let declaration = configuration(ofInstance: module).moduleCalls[call],
        let instanceKey = instanceKey(key, repetition: RepetitionMode(declaration.repetition), at: range)
      else { return .unknown }
      guard
        let child = moduleInstances(of: call, in: module).first(where: { moduleInfo($0).repetition?.key == instanceKey }
        )
      else {
        let available = moduleInstances(of: call, in: module).map { moduleInfo($0).path.description }
        report(.noSuchInstance("module.\(call)\(instanceKey)", available: available, at: range))
        return .unknown
      }
      return output.map { self.output($0, of: child) } ?? outputsObject(of: child)
    case .eachKey:
      guard case .each(let key, _)? = scope.repetition else { return .unknown }
      return .string(key)
    case .eachValue:
      guard case .each(let key, let value)? = scope.repetition else { return .unknown }
      return eachValue(value, key: key)
    case .countIndex:
      guard case .count(let index)? = scope.repetition else { return .unknown }
      return .number(Number(index))
    }
  }

  /// `fleet.web`: the instance's object (or attribute); for a repeated block a list (`count`) or
  /// a map (`for_each`) of instance objects; `null` for a block disabled by `enabled = false`.
  private func wholeResource(_ block: ResourceAddress, attribute: String?, in module: Int) -> Value {
    guard let declaration = configuration(ofInstance: module).resources[block] else { return .unknown }
    let path = moduleInfo(module).path
    func object(_ key: InstanceKey?) -> Value {
      let address = ResourceAddress(module: path, kind: block.kind, name: block.name, key: key)
      return attribute.map { instanceAttribute($0, of: address) } ?? instanceObject(address)
    }
    switch RepetitionMode(declaration.repetition) {
    case nil:
      return object(nil)
    case .enabled:
      return keys(of: block, in: module).isEmpty ? .null : object(nil)
    case .count:
      return .list(keys(of: block, in: module).map { object($0) })
    case .forEach:
      var entries: [String: Value] = [:]
      for key in keys(of: block, in: module) {
        if case .string(let text)? = key { entries[text] = object(key) }
      }
      return .map(entries)
    }
  }

  /// `module.NAME` / `module.NAME.OUTPUT`, with the same shapes as a resource's.
  private func wholeModule(_ call: String, output: String?, in module: Int) -> Value {
    guard let declaration = configuration(ofInstance: module).moduleCalls[call] else { return .unknown }
    let children = moduleInstances(of: call, in: module)
    func value(_ child: Int) -> Value { output.map { self.output($0, of: child) } ?? outputsObject(of: child) }
    switch RepetitionMode(declaration.repetition) {
    case nil:
      return children.first.map(value) ?? .unknown
    case .enabled:
      return children.first.map(value) ?? .null
    case .count:
      return .list(children.map(value))
    case .forEach:
      var entries: [String: Value] = [:]
      for child in children {
        if case .each(let key, _)? = moduleInfo(child).repetition { entries[key] = value(child) }
      }
      return .map(entries)
    }
  }

  /// Every output of a module instance, as an object.
  func outputsObject(of module: Int) -> Value {
    var entries: [String: Value] = [:]
    for name in configuration(ofInstance: module).outputs.keys { entries[name] = output(name, of: module) }
    return .map(entries)
  }

  func eachValue(_ value: EachValue, key: String) -> Value {
    switch value {
    case .value(let value): return value
    case .resourceInstance(let address): return instanceObject(address)
    case .moduleInstance(let module): return outputsObject(of: module)
    case .deferred(let expression, let module):
      let collection = evaluate(expression, in: Scope(module: module, repetition: nil))
      switch collection.unmarked {
      case .map(let entries): return Value.marked(entries[key] ?? .unknown, if: collection.isSensitive)
      case .set: return .string(key)
      default: return .unknown
      }
    }
  }

  /// An instance key from an index value: a whole number for `count`, a string for `for_each`;
  /// nil (reported, unless unknown) otherwise.
  func instanceKey(_ value: Value, repetition: RepetitionMode?, at range: SourceRange) -> InstanceKey? {
    if value.containsUnknown { return nil }
    switch repetition {
    case .count?:
      guard case .success(let number) = value.deepUnmarked.converted(to: .number), let number = number.numberValue,
        number.isInteger, !number.isNegative, let index = number.intValue
      else {
        report(.invalidReference("an index of a resource with `count` must be a whole number >= 0", at: range))
        return nil
      }
      return .integer(index)
    case .forEach?:
      guard case .success(let text) = value.deepUnmarked.converted(to: .string), let key = text.stringValue else {
        report(.invalidReference("a key of a resource with `for_each` must be a string", at: range))
        return nil
      }
      return .string(key)
    case .enabled?, nil:
      return nil
    }
  }
}
