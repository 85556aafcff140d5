/// What an expression can see beyond its own for-expression variables: the configuration's named
/// values and the built-in functions. Implemented by the load-time checker and by ``Graph``'s
/// on-demand evaluation (with the planner's resource outputs).
protocol EvaluationEnvironment: AnyObject {
  /// The value of a reference that the reference checker has already validated; invalid
  /// references return `.unknown` silently (their error was reported once, by the checker).
  /// `key` is the evaluated key of an instance reference (`fleet.web[KEY]`), nil otherwise.
  func resolve(_ reference: Reference, key: Value?, at range: SourceRange) -> Value

  /// Calls a built-in function with its arguments as evaluated (unknown and sensitive values
  /// included; the function library handles them and the final `...` expansion).
  func callFunction(
    _ name: String, nameRange: SourceRange, arguments: [Value], argumentRanges: [SourceRange], expandsFinal: Bool,
    callRange: SourceRange,
    diagnostics: inout [Diagnostic]
  ) -> Value
}

/// An environment with no named values: for `-var` values, defaults and `-var-file`s.
final class ConstantEnvironment: EvaluationEnvironment {
  let functions: FunctionCaller
  init(functions: FunctionCaller) { self.functions = functions }
  func resolve(_ reference: Reference, key: Value?, at range: SourceRange) -> Value { .unknown }
  func callFunction(
    _ name: String, nameRange: SourceRange, arguments: [Value], argumentRanges: [SourceRange], expandsFinal: Bool,
    callRange: SourceRange,
    diagnostics: inout [Diagnostic]
  ) -> Value {
    functions.call(
      name, nameRange: nameRange, arguments: arguments, argumentRanges: argumentRanges, expandsFinal: expandsFinal,
      callRange: callRange,
      diagnostics: &diagnostics)
  }
}
