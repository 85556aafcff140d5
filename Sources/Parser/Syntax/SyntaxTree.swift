/// The syntax tree of one HCL native-syntax file, as `hclsyntax` reads it.
///
/// This is syntax only: no schema, no evaluation. Every node keeps its byte range. The parser
/// applies template strip markers (`~`) and `<<-` heredoc indentation while parsing, so literal
/// template parts hold their final text. Nesting depth is bounded by the parser
/// (``Parser/maximumNestingDepth``), so every recursive walk over this tree — including the
/// compiler-generated freeing of it — has bounded depth.
public struct SyntaxFile: Sendable, Hashable {
  public var file: FileID
  public var body: Body
  public init(file: FileID, body: Body) {
    self.file = file
    self.body = body
  }
}

/// A sequence of attributes and blocks in source order.
public struct Body: Sendable, Hashable {
  public var items: [BodyItem]
  /// From the first byte after `{` (or the start of the file) to the `}` (or end of file).
  public var range: SourceRange
  public init(items: [BodyItem], range: SourceRange) {
    self.items = items
    self.range = range
  }
}

public enum BodyItem: Sendable, Hashable {
  case attribute(Attribute)
  case block(Block)

  public var range: SourceRange {
    switch self {
    case .attribute(let attribute): attribute.range
    case .block(let block): block.range
    }
  }
}

/// `NAME = EXPRESSION`, ended by a newline (or end of file, or `}` of a one-line block).
public struct Attribute: Sendable, Hashable {
  public var name: String
  public var nameRange: SourceRange
  public var equalsRange: SourceRange
  public var expression: Expression
  /// From the name to the end of the expression.
  public var range: SourceRange
  public init(
    name: String, nameRange: SourceRange, equalsRange: SourceRange, expression: Expression, range: SourceRange
  ) {
    self.name = name
    self.nameRange = nameRange
    self.equalsRange = equalsRange
    self.expression = expression
    self.range = range
  }
}

/// `TYPE LABEL* { BODY }`.
public struct Block: Sendable, Hashable {
  public var type: String
  public var typeRange: SourceRange
  public var labels: [BlockLabel]
  public var body: Body
  public var openBraceRange: SourceRange
  public var closeBraceRange: SourceRange
  /// From the type name to the closing brace.
  public var range: SourceRange
  public init(
    type: String, typeRange: SourceRange, labels: [BlockLabel], body: Body, openBraceRange: SourceRange,
    closeBraceRange: SourceRange, range: SourceRange
  ) {
    self.type = type
    self.typeRange = typeRange
    self.labels = labels
    self.body = body
    self.openBraceRange = openBraceRange
    self.closeBraceRange = closeBraceRange
    self.range = range
  }
}

/// A block label: a quoted string (escapes decoded, no interpolation allowed) or a bare identifier.
public struct BlockLabel: Sendable, Hashable {
  public var value: String
  public var range: SourceRange
  public var isQuoted: Bool
  public init(value: String, range: SourceRange, isQuoted: Bool) {
    self.value = value
    self.range = range
    self.isQuoted = isQuoted
  }
}

/// An expression with its byte range.
public struct Expression: Sendable, Hashable {
  public var kind: ExpressionKind
  public var range: SourceRange
  public init(_ kind: ExpressionKind, _ range: SourceRange) {
    self.kind = kind
    self.range = range
  }
}

/// Every expression form of HCL native syntax (the same set as `hclsyntax`'s expression types).
///
/// Only the cases that contain an ``Expression`` are `indirect` (boxed): leaves such as numbers,
/// names and templates are stored inline, which halves the allocations of a parse (measured on a
/// 30 MB configuration; see the parser's benchmark notes).
public enum ExpressionKind: Sendable, Hashable {
  /// A number literal, kept as its exact source text (`"1.5e3"`); the evaluator converts it.
  case number(String)
  case bool(Bool)
  case null
  /// A quoted template or heredoc. A template that is exactly one interpolation `"${x}"` is still a
  /// template here; the evaluator gives it `x`'s type (HCL's TemplateWrapExpr).
  case template(Template)
  /// A root name: `var`, `local`, `image`, the `x` of a for-expression…
  case variable(String)
  /// `source.name` (also `source.0` is ``index`` with a number key — HCL's legacy index).
  indirect case getAttribute(Expression, name: String, nameRange: SourceRange)
  /// `source[key]`, and the legacy `source.0` (key is a `.number` literal; `isLegacy` true).
  indirect case index(Expression, key: Expression, isLegacy: Bool)
  /// `source.*.rest` (`isFull` false, attribute-only splat) or `source[*].rest` (`isFull` true).
  /// `each` is the traversal applied to every element, rooted at ``ExpressionKind/splatElement``;
  /// it is exactly `splatElement` when nothing follows the splat.
  indirect case splat(Expression, each: Expression, isFull: Bool)
  /// The element placeholder inside a splat's `each` expression.
  case splatElement
  /// `name(arguments...)`; `expandsFinal` is true when the last argument is followed by `...`.
  indirect case call(name: String, nameRange: SourceRange, arguments: [Expression], expandsFinal: Bool)
  /// `condition ? whenTrue : whenFalse`.
  indirect case conditional(Expression, Expression, Expression)
  indirect case binary(BinaryOperator, Expression, Expression)
  indirect case unary(UnaryOperator, Expression)
  /// `[a, b, c]`.
  case tuple([Expression])
  /// `{ key = value, ... }` / `{ key: value }`.
  case object([ObjectItem])
  indirect case forExpression(ForExpression)
  /// `( inner )`. Kept so an object key `(k)` is evaluated rather than taken literally, and for `fmt`.
  indirect case parenthesized(Expression)
  /// Stands in where the parser could not read an expression; a diagnostic was already emitted.
  case invalid
}

public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
  case or = "||"
  case and = "&&"
  case equal = "=="
  case notEqual = "!="
  case less = "<"
  case lessOrEqual = "<="
  case greater = ">"
  case greaterOrEqual = ">="
  case add = "+"
  case subtract = "-"
  case multiply = "*"
  case divide = "/"
  case modulo = "%"
}

public enum UnaryOperator: String, Sendable, Hashable, CaseIterable {
  case negate = "-"
  case not = "!"
}

/// One `key = value` of an object constructor.
///
/// HCL rule: a key that is a bare identifier (`.variable` not wrapped in parentheses) means that
/// literal string; any other key expression is evaluated and must produce a string.
public struct ObjectItem: Sendable, Hashable {
  public var key: Expression
  public var value: Expression
  public init(key: Expression, value: Expression) {
    self.key = key
    self.value = value
  }
}

/// `[for k, v in collection : value if condition]` or `{for k, v in c : key => value... if cond}`.
public struct ForExpression: Sendable, Hashable {
  /// Present only with two variables (`for k, v in`).
  public var keyVariable: String?
  public var valueVariable: String
  public var collection: Expression
  /// Present for the object form (`{for … : key => value}`).
  public var key: Expression?
  public var value: Expression
  public var condition: Expression?
  /// Object form with `...` after the value: values are grouped into tuples per key.
  public var isGrouped: Bool
  public init(
    keyVariable: String?, valueVariable: String, collection: Expression, key: Expression?, value: Expression,
    condition: Expression?, isGrouped: Bool
  ) {
    self.keyVariable = keyVariable
    self.valueVariable = valueVariable
    self.collection = collection
    self.key = key
    self.value = value
    self.condition = condition
    self.isGrouped = isGrouped
  }
  public var isObject: Bool { key != nil }
}

/// A quoted string or heredoc as a sequence of parts.
public struct Template: Sendable, Hashable {
  public var parts: [TemplatePart]
  public var isHeredoc: Bool
  public init(parts: [TemplatePart], isHeredoc: Bool) {
    self.parts = parts
    self.isHeredoc = isHeredoc
  }

  /// The text when the template has no interpolation or directive (a plain string literal).
  public var literalText: String? {
    if parts.isEmpty { return "" }
    var text = ""
    for part in parts {
      guard case .literal(let s, _) = part else { return nil }
      text += s
    }
    return text
  }
}

/// Literal parts are stored inline; the cases holding expressions are boxed (see ``ExpressionKind``).
public enum TemplatePart: Sendable, Hashable {
  /// Literal text with escapes decoded and strip markers / heredoc indentation already applied.
  case literal(String, SourceRange)
  /// `${ expression }`.
  indirect case interpolation(Expression, SourceRange)
  /// `%{ if cond }…%{ else }…%{ endif }`.
  indirect case ifDirective(condition: Expression, then: [TemplatePart], else: [TemplatePart]?, range: SourceRange)
  /// `%{ for k, v in collection }…%{ endfor }`.
  indirect case forDirective(
    keyVariable: String?, valueVariable: String, collection: Expression, body: [TemplatePart], range: SourceRange)
}
