import TestSupport
import Testing

@testable import ImmplanParser

/// The formatter's guarantees over every file in specs/ that parses: the output is a fixed point,
/// re-parses without errors, and reads as the same syntax tree (ranges aside).
@Suite struct FormatPropertyTests {
  static let files = SpecFiles.all().filter { !$0.hasSuffix(".json") && !$0.hasSuffix(".md") }

  @Test(arguments: files)
  func idempotentAndSameStructure(path: String) throws {
    var sources = SourceManager()
    let original = sources.add(path: path, bytes: SpecFiles.read(path))
    let parsed = Parser.parse(sources[original])
    let result = Formatter.format(sources[original])
    guard !parsed.diagnostics.hasErrors else {
      #expect(result.formatted == nil, "a file with syntax errors must be refused")
      return
    }
    let formatted = try #require(result.formatted)
    let again = sources.add(path: path + " (formatted)", bytes: formatted)
    let reparsed = Parser.parse(sources[again])
    #expect(!reparsed.diagnostics.hasErrors, "formatted output has syntax errors")
    #expect(SyntaxShape.of(reparsed.file.body) == SyntaxShape.of(parsed.file.body), "structure changed")
    #expect(Formatter.format(sources[again]).formatted == formatted, "not idempotent")
  }
}

/// The output depends only on the tokens, not on the whitespace between them: perturbing every
/// gap (indentation, spaces, longer runs of blank lines; never inside templates) gives the same
/// output.
@Suite struct FormatWhitespaceTests {
  @Test(arguments: FormatPropertyTests.files)
  func whitespaceInsensitive(path: String) throws {
    var sources = SourceManager()
    let id = sources.add(path: path, bytes: SpecFiles.read(path))
    let source = sources[id]
    guard let expected = Formatter.format(source).formatted else { return }
    var generator = SplitMix64(seed: UInt64(truncatingIfNeeded: path.hashValue))
    for _ in 0..<3 {
      let perturbed = Self.perturb(source, using: &generator)
      let other = sources.add(path: path + " (perturbed)", bytes: perturbed)
      let result = Formatter.format(sources[other]).formatted
      #expect(result == expected, "\(String(decoding: perturbed, as: UTF8.self))")
    }
  }

  static func perturb(_ source: SourceFile, using generator: inout SplitMix64) -> [UInt8] {
    let bytes = source.bytes
    let tokens = Lexer.tokenize(source)
    var output: [UInt8] = []
    var depth = 0
    var previousEnd = 0
    for (index, token) in tokens.enumerated() {
      let gap = bytes[previousEnd..<token.range.start]
      if index == 0 || depth > 0 || token.kind == .endOfFile {
        output += gap
      } else if tokens[index - 1].kind == .newline {
        output += Array(repeating: generator.next() % 3 == 0 ? 0x09 : 0x20, count: Int(generator.next() % 6))
      } else if gap.isEmpty {
        let previous = tokens[index - 1].kind
        let isNumberDot = (previous == .number && token.kind == .dot) || (previous == .dot && token.kind == .number)
        if !isNumberDot, generator.next() % 2 == 0 { output.append(0x20) }
      } else {
        output += Array(repeating: 0x20, count: 1 + Int(generator.next() % 3))
      }
      output += bytes[token.range.start..<token.range.end]
      switch token.kind {
      case .openQuote, .openHeredoc: depth += 1
      case .closeQuote, .closeHeredoc: depth -= 1
      case .newline where depth == 0 && tokens[index + 1].kind == .newline && generator.next() % 2 == 0:
        output.append(0x0A)  // lengthen an existing blank line only: a new one would be kept
      default: break
      }
      previousEnd = token.range.end
    }
    return output
  }
}

/// A text dump of a syntax tree without source ranges, to compare structure.
enum SyntaxShape {
  static func of(_ body: Body) -> String {
    var out = ""
    write(body, into: &out)
    return out
  }

  private static func write(_ body: Body, into out: inout String) {
    out += "{"
    for item in body.items {
      switch item {
      case .attribute(let attribute):
        out += attribute.name + "="
        write(attribute.expression, into: &out)
        out += ";"
      case .block(let block):
        out += block.type + block.labels.map { ($0.isQuoted ? "\"" : "") + $0.value }.joined(separator: ",")
        write(block.body, into: &out)
      }
    }
    out += "}"
  }

  private static func write(_ expression: Expression, into out: inout String) {
    switch expression.kind {
    case .number(let text): out += "n:" + text
    case .bool(let value): out += "\(value)"
    case .null: out += "null"
    case .template(let template):
      out += template.isHeredoc ? "heredoc(" : "template("
      write(template.parts, into: &out)
      out += ")"
    case .variable(let name): out += "v:" + name
    case .getAttribute(let source, let name, _):
      write(source, into: &out)
      out += "." + name
    case .index(let source, let key, let isLegacy):
      write(source, into: &out)
      out += isLegacy ? ".[" : "["
      write(key, into: &out)
      out += "]"
    case .splat(let source, let each, let isFull):
      write(source, into: &out)
      out += isFull ? "[*](" : ".*("
      write(each, into: &out)
      out += ")"
    case .splatElement: out += "@"
    case .call(let name, _, let arguments, let expandsFinal):
      out += name + "("
      for argument in arguments {
        write(argument, into: &out)
        out += ","
      }
      out += expandsFinal ? "...)" : ")"
    case .conditional(let condition, let whenTrue, let whenFalse):
      out += "?("
      for part in [condition, whenTrue, whenFalse] {
        write(part, into: &out)
        out += ","
      }
      out += ")"
    case .binary(let op, let left, let right):
      out += "(" + op.rawValue + " "
      write(left, into: &out)
      out += " "
      write(right, into: &out)
      out += ")"
    case .unary(let op, let operand):
      out += "(" + op.rawValue
      write(operand, into: &out)
      out += ")"
    case .tuple(let elements):
      out += "["
      for element in elements {
        write(element, into: &out)
        out += ","
      }
      out += "]"
    case .object(let items):
      out += "{"
      for item in items {
        write(item.key, into: &out)
        out += "="
        write(item.value, into: &out)
        out += ","
      }
      out += "}"
    case .forExpression(let forExpression):
      out += "for(\(forExpression.keyVariable ?? "_"),\(forExpression.valueVariable) in "
      write(forExpression.collection, into: &out)
      if let key = forExpression.key {
        out += " key "
        write(key, into: &out)
      }
      out += " value "
      write(forExpression.value, into: &out)
      if let condition = forExpression.condition {
        out += " if "
        write(condition, into: &out)
      }
      out += forExpression.isGrouped ? " grouped)" : ")"
    case .parenthesized(let inner):
      out += "("
      write(inner, into: &out)
      out += ")"
    case .invalid: out += "INVALID"
    }
  }

  private static func write(_ parts: [TemplatePart], into out: inout String) {
    for part in parts {
      switch part {
      case .literal(let text, _): out += "lit(\(text.debugDescription))"
      case .interpolation(let expression, _):
        out += "${"
        write(expression, into: &out)
        out += "}"
      case .ifDirective(let condition, let then, let otherwise, _):
        out += "%if("
        write(condition, into: &out)
        out += "){"
        write(then, into: &out)
        out += "}else{"
        write(otherwise ?? [], into: &out)
        out += "}"
      case .forDirective(let key, let value, let collection, let body, _):
        out += "%for(\(key ?? "_"),\(value) in "
        write(collection, into: &out)
        out += "){"
        write(body, into: &out)
        out += "}"
      }
    }
  }
}
