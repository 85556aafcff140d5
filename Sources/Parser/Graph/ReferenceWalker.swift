/// What a walk over an expression finds: references (with the for-expression variables in scope
/// taken into account) and names that are neither.
enum FoundName: Sendable, Hashable {
  case reference(Reference, SourceRange)
  /// A root name that is not a reference root and not a for-expression variable (`foo.bar`).
  case unknownName(String, SourceRange)
  /// A reference root used without its required parts (`var`, `local["x"]`, `image`).
  case incomplete(String, SourceRange)
}

enum ReferenceWalker {
  /// Every name `expression` uses, in source order. Recursion depth is bounded by the parser's
  /// nesting cap.
  static func names(in expression: Expression) -> [FoundName] {
    var found: [FoundName] = []
    var scope: [String] = []
    walk(expression, scope: &scope, into: &found)
    return found
  }

  static func references(in expression: Expression) -> [(Reference, SourceRange)] {
    names(in: expression).compactMap {
      if case .reference(let reference, let range) = $0 { return (reference, range) }
      return nil
    }
  }

  private static func walk(_ expression: Expression, scope: inout [String], into found: inout [FoundName]) {
    switch expression.kind {
    case .number, .bool, .null, .invalid, .splatElement:
      return
    case .variable(let name):
      if scope.contains(name) { return }
      if referenceRoots.contains(name) {
        found.append(.incomplete(name, expression.range))
      } else {
        found.append(.unknownName(name, expression.range))
      }
    case .getAttribute(let source, _, _):
      if let reference = expression.matchReference(isShadowed: { scope.contains($0) }) {
        found.append(.reference(reference, expression.range))
        // An instance reference's key is an expression of its own (`fleet.web[each.key].id`).
        if let key = reference.keyExpression { walk(key, scope: &scope, into: &found) }
        return
      }
      walk(source, scope: &scope, into: &found)
    case .index(let source, let key, _):
      if let reference = expression.matchReference(isShadowed: { scope.contains($0) }) {
        found.append(.reference(reference, expression.range))
        walk(key, scope: &scope, into: &found)
        return
      }
      walk(source, scope: &scope, into: &found)
      walk(key, scope: &scope, into: &found)
    case .splat(let source, let each, _):
      walk(source, scope: &scope, into: &found)
      walk(each, scope: &scope, into: &found)
    case .call(_, _, let arguments, _):
      for argument in arguments { walk(argument, scope: &scope, into: &found) }
    case .conditional(let a, let b, let c):
      walk(a, scope: &scope, into: &found)
      walk(b, scope: &scope, into: &found)
      walk(c, scope: &scope, into: &found)
    case .binary(_, let a, let b):
      walk(a, scope: &scope, into: &found)
      walk(b, scope: &scope, into: &found)
    case .unary(_, let a):
      walk(a, scope: &scope, into: &found)
    case .parenthesized(let inner):
      walk(inner, scope: &scope, into: &found)
    case .tuple(let elements):
      for element in elements { walk(element, scope: &scope, into: &found) }
    case .object(let items):
      for item in items {
        if case .variable = item.key.kind {} else { walk(item.key, scope: &scope, into: &found) }
        walk(item.value, scope: &scope, into: &found)
      }
    case .forExpression(let forExpression):
      walk(forExpression.collection, scope: &scope, into: &found)
      let saved = scope.count
      if let key = forExpression.keyVariable { scope.append(key) }
      scope.append(forExpression.valueVariable)
      if let key = forExpression.key { walk(key, scope: &scope, into: &found) }
      walk(forExpression.value, scope: &scope, into: &found)
      if let condition = forExpression.condition { walk(condition, scope: &scope, into: &found) }
      scope.removeLast(scope.count - saved)
    case .template(let template):
      walkParts(template.parts, scope: &scope, into: &found)
    }
  }

  private static func walkParts(_ parts: [TemplatePart], scope: inout [String], into found: inout [FoundName]) {
    for part in parts {
      switch part {
      case .literal: continue
      case .interpolation(let expression, _):
        walk(expression, scope: &scope, into: &found)
      case .ifDirective(let condition, let thenParts, let elseParts, _):
        walk(condition, scope: &scope, into: &found)
        walkParts(thenParts, scope: &scope, into: &found)
        if let elseParts { walkParts(elseParts, scope: &scope, into: &found) }
      case .forDirective(let keyVariable, let valueVariable, let collection, let body, _):
        walk(collection, scope: &scope, into: &found)
        let saved = scope.count
        if let keyVariable { scope.append(keyVariable) }
        scope.append(valueVariable)
        walkParts(body, scope: &scope, into: &found)
        scope.removeLast(scope.count - saved)
      }
    }
  }
}
