// Diagnostics of built-in function calls (E05xx), one factory per code, sorted by name.

extension Diagnostic {
  /// The diagnostic for a failed call, pointing at the argument to blame when there is one, else
  /// at the function name (unknown function, wrong arity) or the whole call.
  package static func functionCallFailed(
    _ error: FunctionError, nameRange: SourceRange, argumentRanges: [SourceRange], callRange: SourceRange
  ) -> Diagnostic {
    func range(of argument: Int) -> SourceRange {
      argument < argumentRanges.count ? argumentRanges[argument] : callRange
    }
    switch error {
    case .unknownFunction(let name, let suggestion):
      return unknownFunction(name, suggestion: suggestion, at: nameRange)
    case .wrongArgumentCount(let function, let expected, let given):
      return wrongFunctionArgumentCount(function, expected: expected, given: given, at: callRange)
    case .invalidArgument(let function, let argument, let message):
      return invalidFunctionArgument(function, argument: argument, message: message, at: range(of: argument))
    case .unreadableFile(let function, let argument, let path, let reason):
      return unreadableFunctionFile(function, path: path, reason: reason, at: range(of: argument))
    case .invalidExpansion(let function, let argument, let message):
      return invalidFunctionExpansion(function, message: message, at: range(of: argument))
    case .callFailed(let function, let message):
      return functionFailed(function, message: message, at: callRange)
    }
  }

  /// E0506: the call as a whole failed (`coalesce` with nothing usable, `pow` out of range).
  package static func functionFailed(_ function: String, message: String, at range: SourceRange) -> Diagnostic {
    .error(DiagnosticCode("E0506"), "call to `\(function)` failed: \(message)", at: range)
  }

  /// E0503: an argument has the wrong type or an unusable value.
  package static func invalidFunctionArgument(
    _ function: String, argument: Int, message: String, at range: SourceRange
  ) -> Diagnostic {
    .error(
      DiagnosticCode("E0503"), "invalid argument \(argument + 1) to `\(function)`", at: range, label: message)
  }

  /// E0505: the `...` argument is not a list, set or tuple.
  package static func invalidFunctionExpansion(_ function: String, message: String, at range: SourceRange) -> Diagnostic
  {
    .error(
      DiagnosticCode("E0505"), "cannot expand the last argument of `\(function)`", at: range, label: message,
      help: "`...` expands a list, set or tuple into separate arguments")
  }

  /// E0501: no built-in function has this name.
  package static func unknownFunction(_ name: String, suggestion: String?, at range: SourceRange) -> Diagnostic {
    .error(
      DiagnosticCode("E0501"), "unknown function `\(name)`", at: range, label: "not a built-in function",
      help: suggestion.map { "did you mean `\($0)`?" })
  }

  /// E0504: `file`/`filesha256` could not read the file.
  package static func unreadableFunctionFile(
    _ function: String, path: String, reason: String, at range: SourceRange
  ) -> Diagnostic {
    .error(
      DiagnosticCode("E0504"), "`\(function)` cannot read `\(path)`: \(reason)", at: range,
      notes: ["relative paths are resolved against the configuration directory"])
  }

  /// E0502: the call has too few or too many arguments.
  package static func wrongFunctionArgumentCount(
    _ function: String, expected: String, given: Int, at range: SourceRange
  ) -> Diagnostic {
    .error(
      DiagnosticCode("E0502"), "`\(function)` takes \(expected) but \(given == 1 ? "1 was" : "\(given) were") given",
      at: range)
  }
}
