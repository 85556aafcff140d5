/// A stable, human-readable text dump of a syntax tree, for golden files and debugging.
///
/// One node per line, indented two spaces per level, each with its byte range `@start..end`.
/// Strings are printed with Swift-style escapes. The format is documented in `specs/README.md`;
/// changing it means re-recording the `.syntax` goldens.
public enum SyntaxDump {
  public static func render(_ file: SyntaxFile, source: SourceFile) -> String {
    var printer = Printer()
    printer.body(file.body, indent: 0)
    return printer.output
  }

  struct Printer {
    var output = ""

    mutating func line(_ indent: Int, _ text: String, _ range: SourceRange) {
      output += String(repeating: "  ", count: indent)
      output += text
      output += " @\(range.start)..\(range.end)\n"
    }

    mutating func body(_ body: Body, indent: Int) {
      line(indent, "body", body.range)
      for item in body.items {
        switch item {
        case .attribute(let attribute):
          line(indent + 1, "attribute \(attribute.name)", attribute.range)
          expression(attribute.expression, indent: indent + 2)
        case .block(let block):
          var header = "block \(block.type)"
          for label in block.labels {
            header += label.isQuoted ? " \(SyntaxDump.quote(label.value))" : " \(label.value)"
          }
          line(indent + 1, header, block.range)
          self.body(block.body, indent: indent + 2)
        }
      }
    }

    mutating func expression(_ expression: Expression, indent: Int, role: String = "") {
      let prefix = role.isEmpty ? "" : "\(role): "
      let range = expression.range
      switch expression.kind {
      case .number(let text): line(indent, prefix + "number \(text)", range)
      case .bool(let value): line(indent, prefix + "bool \(value)", range)
      case .null: line(indent, prefix + "null", range)
      case .variable(let name): line(indent, prefix + "variable \(name)", range)
      case .splatElement: line(indent, prefix + "splat-element", range)
      case .invalid: line(indent, prefix + "invalid", range)
      case .template(let template):
        line(indent, prefix + (template.isHeredoc ? "heredoc" : "template"), range)
        parts(template.parts, indent: indent + 1)
      case .getAttribute(let source, let name, _):
        line(indent, prefix + "get-attribute \(name)", range)
        self.expression(source, indent: indent + 1)
      case .index(let source, let key, let isLegacy):
        line(indent, prefix + (isLegacy ? "legacy-index" : "index"), range)
        self.expression(source, indent: indent + 1)
        self.expression(key, indent: indent + 1, role: "key")
      case .splat(let source, let each, let isFull):
        line(indent, prefix + (isFull ? "splat [*]" : "splat .*"), range)
        self.expression(source, indent: indent + 1)
        self.expression(each, indent: indent + 1, role: "each")
      case .call(let name, _, let arguments, let expandsFinal):
        line(indent, prefix + "call \(name)" + (expandsFinal ? " ..." : ""), range)
        for argument in arguments { self.expression(argument, indent: indent + 1) }
      case .conditional(let condition, let whenTrue, let whenFalse):
        line(indent, prefix + "conditional", range)
        self.expression(condition, indent: indent + 1)
        self.expression(whenTrue, indent: indent + 1, role: "true")
        self.expression(whenFalse, indent: indent + 1, role: "false")
      case .binary(let operation, let left, let right):
        line(indent, prefix + "binary \(operation.rawValue)", range)
        self.expression(left, indent: indent + 1)
        self.expression(right, indent: indent + 1)
      case .unary(let operation, let operand):
        line(indent, prefix + "unary \(operation.rawValue)", range)
        self.expression(operand, indent: indent + 1)
      case .tuple(let elements):
        line(indent, prefix + "tuple", range)
        for element in elements { self.expression(element, indent: indent + 1) }
      case .object(let items):
        line(indent, prefix + "object", range)
        for item in items {
          self.expression(item.key, indent: indent + 1, role: "key")
          self.expression(item.value, indent: indent + 2, role: "value")
        }
      case .forExpression(let forExpression):
        var header = "for "
        if let key = forExpression.keyVariable { header += "\(key), " }
        header += forExpression.valueVariable
        header += forExpression.isObject ? " object" : " tuple"
        if forExpression.isGrouped { header += " grouped" }
        line(indent, prefix + header, range)
        self.expression(forExpression.collection, indent: indent + 1, role: "in")
        if let key = forExpression.key { self.expression(key, indent: indent + 1, role: "key") }
        self.expression(forExpression.value, indent: indent + 1, role: "value")
        if let condition = forExpression.condition { self.expression(condition, indent: indent + 1, role: "if") }
      case .parenthesized(let inner):
        line(indent, prefix + "parentheses", range)
        self.expression(inner, indent: indent + 1)
      }
    }

    mutating func parts(_ parts: [TemplatePart], indent: Int) {
      for part in parts {
        switch part {
        case .literal(let text, let range): line(indent, "literal \(SyntaxDump.quote(text))", range)
        case .interpolation(let expression, let range):
          line(indent, "interpolation", range)
          self.expression(expression, indent: indent + 1)
        case .ifDirective(let condition, let thenParts, let elseParts, let range):
          line(indent, "if", range)
          expression(condition, indent: indent + 1, role: "condition")
          output += String(repeating: "  ", count: indent + 1) + "then:\n"
          self.parts(thenParts, indent: indent + 2)
          if let elseParts {
            output += String(repeating: "  ", count: indent + 1) + "else:\n"
            self.parts(elseParts, indent: indent + 2)
          }
        case .forDirective(let key, let value, let collection, let body, let range):
          line(indent, "for " + (key.map { "\($0), " } ?? "") + value, range)
          expression(collection, indent: indent + 1, role: "in")
          output += String(repeating: "  ", count: indent + 1) + "do:\n"
          self.parts(body, indent: indent + 2)
        }
      }
    }
  }

  /// `text` in double quotes with `\n \r \t \" \\` and `\u{…}` for other control characters.
  static func quote(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          result += "\\u{\(String(scalar.value, radix: 16))}"
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result + "\""
  }
}
