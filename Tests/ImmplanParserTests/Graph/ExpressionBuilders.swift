import Synchronization

@testable import ImmplanParser

// Hand-built syntax for evaluator unit tests. Every builder takes fresh offsets, so ranges are
// distinct and tests can check which sub-expression an error is on.

private let counter = Atomic<Int>(0)

func r() -> SourceRange {
  let offset = counter.add(2, ordering: .relaxed).newValue
  return SourceRange(file: FileID(0), start: offset, end: offset + 1)
}

func num(_ text: String) -> Expression { Expression(.number(text), r()) }
func str(_ text: String) -> Expression {
  Expression(.template(Template(parts: [.literal(text, r())], isHeredoc: false)), r())
}
func bool(_ b: Bool) -> Expression { Expression(.bool(b), r()) }
func null() -> Expression { Expression(.null, r()) }
func name(_ n: String) -> Expression { Expression(.variable(n), r()) }
func attr(_ source: Expression, _ n: String) -> Expression {
  Expression(.getAttribute(source, name: n, nameRange: r()), r())
}
func ref(_ path: String) -> Expression {
  let parts = path.split(separator: ".").map(String.init)
  var expression = name(parts[0])
  for part in parts.dropFirst() { expression = attr(expression, part) }
  return expression
}
func bin(_ op: BinaryOperator, _ a: Expression, _ b: Expression) -> Expression { Expression(.binary(op, a, b), r()) }
func not(_ a: Expression) -> Expression { Expression(.unary(.not, a), r()) }
func neg(_ a: Expression) -> Expression { Expression(.unary(.negate, a), r()) }
func tuple(_ items: Expression...) -> Expression { Expression(.tuple(items), r()) }
func object(_ items: (Expression, Expression)...) -> Expression {
  Expression(.object(items.map { ObjectItem(key: $0.0, value: $0.1) }), r())
}
func index(_ source: Expression, _ key: Expression) -> Expression {
  Expression(.index(source, key: key, isLegacy: false), r())
}
func cond(_ c: Expression, _ a: Expression, _ b: Expression) -> Expression { Expression(.conditional(c, a, b), r()) }
func template(_ parts: TemplatePart...) -> Expression {
  Expression(.template(Template(parts: parts, isHeredoc: false)), r())
}
func lit(_ text: String) -> TemplatePart { .literal(text, r()) }
func interp(_ e: Expression) -> TemplatePart { .interpolation(e, r()) }
func forList(
  _ key: String?, _ value: String, in collection: Expression, _ body: Expression, if condition: Expression? = nil
)
  -> Expression
{
  Expression(
    .forExpression(
      ForExpression(
        keyVariable: key, valueVariable: value, collection: collection, key: nil, value: body, condition: condition,
        isGrouped: false)), r())
}
func forObject(
  _ key: String?, _ value: String, in collection: Expression, key keyExpression: Expression, _ body: Expression,
  grouped: Bool = false
) -> Expression {
  Expression(
    .forExpression(
      ForExpression(
        keyVariable: key, valueVariable: value, collection: collection, key: keyExpression, value: body, condition: nil,
        isGrouped: grouped)), r())
}
func splat(_ source: Expression, _ attribute: String?) -> Expression {
  let element = Expression(.splatElement, r())
  let each = attribute.map { attr(element, $0) } ?? element
  return Expression(.splat(source, each: each, isFull: true), r())
}

/// An environment with fixed variable values and the built-in functions (no file access).
final class TestEnvironment: EvaluationEnvironment {
  let variables: [String: Value]
  init(_ variables: [String: Value] = [:]) { self.variables = variables }
  func resolve(_ reference: Reference, key: Value?, at range: SourceRange) -> Value {
    if case .variable(let name) = reference { return variables[name] ?? .unknown }
    return .unknown
  }
  func callFunction(
    _ name: String, nameRange: SourceRange, arguments: [Value], argumentRanges: [SourceRange], expandsFinal: Bool,
    callRange: SourceRange, diagnostics: inout [Diagnostic]
  ) -> Value {
    FunctionCaller(fileSystem: nil, baseDirectory: "").call(
      name, nameRange: nameRange, arguments: arguments, argumentRanges: argumentRanges, expandsFinal: expandsFinal,
      callRange: callRange, diagnostics: &diagnostics)
  }
}

func evaluate(_ expression: Expression, _ variables: [String: Value] = [:]) -> (Value, [Diagnostic]) {
  var evaluator = Evaluator(environment: TestEnvironment(variables))
  let value = evaluator.evaluate(expression)
  return (value, evaluator.diagnostics)
}

extension Value {
  static func s(_ text: String) -> Value { .string(text) }
  static func n(_ int: Int) -> Value { .number(Number(int)) }
  static func n(_ text: String) -> Value { .number(Number(text)!) }
}
