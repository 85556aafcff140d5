/// Finds the reference that makes an expression's value unknown, following locals, module
/// variables and module outputs to the resource attribute known only after apply: the help
/// Terraform does not give (hashicorp/terraform#30937).
struct UnknownValueTracer {
  let session: EvaluationSession
  /// How far through locals and modules the trace follows (a cycle stops it too).
  static let maximumSteps = 64

  /// `` `image.web.id` `` or `` `local.ids` (from `image.web.id`) ``; nil when no reference of the
  /// expression is unknown (an unknown from a function, say).
  func culprit(in expression: Expression, module: Int) -> String? {
    var visited: Set<ScopedNode> = []
    // Tracing evaluates again what was evaluated before: its diagnostics were reported then.
    let reported = session.diagnostics.count
    defer { session.diagnostics.removeSubrange(reported...) }
    guard let path = trace(expression, module: module, visited: &visited, steps: 0), let first = path.first else {
      return nil
    }
    guard path.count > 1, let last = path.last else { return first }
    return "\(first)` (from `\(last)"
  }

  /// The chain of references, outermost first, ending at one with no further reference to blame.
  private func trace(_ expression: Expression, module: Int, visited: inout Set<ScopedNode>, steps: Int) -> [String]? {
    guard steps < UnknownValueTracer.maximumSteps else { return nil }
    let path = session.moduleInfo(module).path
    let prefix = path.isRoot ? "" : path.description + "."
    for (reference, range) in ReferenceWalker.references(in: expression) {
      let key = reference.keyExpression.map { session.evaluate($0, in: Scope(module: module, repetition: nil)) }
      let value = session.evaluate(referenceExpression: reference, key: key, in: module, at: range)
      guard value.containsUnknown else { continue }
      let text = prefix + UnknownValueTracer.text(of: reference, key: key)
      switch reference {
      case .local(let name):
        guard visited.insert(ScopedNode(module: module, node: .local(name))).inserted,
          let declaration = session.configuration(ofInstance: module).locals[name]
        else { return [text] }
        let inner = trace(declaration.attribute.expression, module: module, visited: &visited, steps: steps + 1)
        return [text] + (inner ?? [])
      case .variable(let name):
        let info = session.moduleInfo(module)
        guard let parent = info.parent, let call = session.context.tree.call(reaching: info.node),
          let input = call.block.body.attributes[name],
          visited.insert(ScopedNode(module: module, node: .variable(name))).inserted
        else { return [text] }
        let inner = trace(input.expression, module: parent, visited: &visited, steps: steps + 1)
        return [text] + (inner ?? [])
      case .module(let call, let output?):
        let children = session.moduleInstances(of: call, in: module)
        guard let child = children.first,
          let declaration = session.configuration(ofInstance: child).outputs[output],
          let expression = declaration.block.body.attributes["value"],
          visited.insert(ScopedNode(module: child, node: .output(output))).inserted
        else { return [text] }
        let inner = trace(expression.expression, module: child, visited: &visited, steps: steps + 1)
        return [text] + (inner ?? [])
      default:
        return [text]
      }
    }
    return nil
  }
}

extension UnknownValueTracer {
  /// The reference as written, its key as evaluated (`image.app[0].id`).
  static func text(of reference: Reference, key: Value?) -> String {
    let keyText: String
    switch key {
    case .number(let number)?: keyText = "[\(number)]"
    case .string(let text)?: keyText = InstanceKey.string(text).description
    default: keyText = "[…]"
    }
    switch reference {
    case .resourceInstance(let address, _, let attribute):
      return "\(address)" + keyText + (attribute.map { ".\($0)" } ?? "")
    case .moduleInstance(let name, _, let output):
      return "module.\(name)" + keyText + (output.map { ".\($0)" } ?? "")
    default:
      return reference.text
    }
  }
}

extension EvaluationSession {
  /// The value of `reference` in module instance `module` (without `each` / `count`).
  func evaluate(referenceExpression reference: Reference, key: Value?, in module: Int, at range: SourceRange) -> Value {
    let saved = scope
    scope = Scope(module: module, repetition: nil)
    defer { scope = saved }
    return resolve(reference, key: key, at: range)
  }
}
