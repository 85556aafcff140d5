/// Reads a type expression (`string`, `list(string)`, `object({ name = string, port = optional(number) })`).
/// Recursion is bounded by the parser's nesting cap.
enum TypeExpression {
  static func parse(_ expression: Expression, diagnostics: inout [Diagnostic], allowOptional: Bool = false)
    -> ValueType?
  {
    switch expression.kind {
    case .variable(let name):
      switch name {
      case "string": return .string
      case "number": return .number
      case "bool": return .bool
      case "any": return .any
      case "duration": return .duration
      // Terraform's legacy bare collection keywords mean a collection of `any`.
      case "list": return .list(.any)
      case "map": return .map(.any)
      case "set": return .set(.any)
      default:
        diagnostics.append(.invalidTypeExpression("unknown type `\(name)`", at: expression.range))
        return nil
      }
    case .parenthesized(let inner):
      return parse(inner, diagnostics: &diagnostics, allowOptional: allowOptional)
    case .call(let name, let nameRange, let arguments, let expandsFinal):
      guard arguments.count == 1, !expandsFinal else {
        diagnostics.append(.invalidTypeExpression("`\(name)(…)` takes exactly one type", at: expression.range))
        return nil
      }
      let argument = arguments[0]
      switch name {
      case "list": return parse(argument, diagnostics: &diagnostics).map { .list($0) }
      case "set": return parse(argument, diagnostics: &diagnostics).map { .set($0) }
      case "map": return parse(argument, diagnostics: &diagnostics).map { .map($0) }
      case "optional":
        guard allowOptional else {
          diagnostics.append(
            .invalidTypeExpression("`optional` is allowed only for attributes of `object({…})`", at: nameRange))
          return nil
        }
        return parse(argument, diagnostics: &diagnostics).map { .optional($0) }
      case "object":
        guard case .object(let items) = argument.kind else {
          diagnostics.append(
            .invalidTypeExpression(
              "`object` takes attribute types in braces: `object({ name = string })`", at: argument.range))
          return nil
        }
        var attributes: [String: ValueType] = [:]
        var isValid = true
        for item in items {
          let key: String
          switch item.key.kind {
          case .variable(let name): key = name
          case .template(let template) where template.literalText != nil: key = template.literalText!
          default:
            diagnostics.append(.invalidTypeExpression("object attribute names must be identifiers", at: item.key.range))
            isValid = false
            continue
          }
          guard let type = parse(item.value, diagnostics: &diagnostics, allowOptional: true) else {
            isValid = false
            continue
          }
          attributes[key] = type
        }
        return isValid ? .object(attributes) : nil
      default:
        diagnostics.append(.invalidTypeExpression("unknown type constructor `\(name)`", at: nameRange))
        return nil
      }
    default:
      diagnostics.append(.invalidTypeExpression("expected a type keyword or constructor", at: expression.range))
      return nil
    }
  }
}
