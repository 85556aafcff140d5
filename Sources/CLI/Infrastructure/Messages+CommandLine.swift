import ImmplanParser
import ImmplanSupport

// E07xx: command line. One factory per code, sorted by name; codes are never reused.
//   E0701 unknown command          E0702 unknown flag            E0703 flag needs a value
//   E0704 invalid flag value       E0705 flag given twice        E0706 malformed flag
//   E0707 unexpected argument      E0708 missing argument        E0709 cannot read a path
//   E0710 missing subcommand       E0711 conflicting flags       E0712 cannot write a file
extension Diagnostic {
  /// A command-line argument error from the parser library, with its stable code.
  static func argumentError(_ error: ArgumentError) -> Diagnostic {
    let code: String =
      switch error {
      case .unknownFlag: "E0702"
      case .missingValue: "E0703"
      case .invalidBool, .invalidValue: "E0704"
      case .repeatedFlag: "E0705"
      case .malformedFlag: "E0706"
      case .unexpectedArgument: "E0707"
      case .missingArgument: "E0708"
      case .conflictingFlags: "E0711"
      }
    return .error(DiagnosticCode(code), error.message, at: nil, help: error.help)
  }

  static func cannotRead(_ error: FileSystemError) -> Diagnostic {
    .error(DiagnosticCode("E0709"), "cannot read `\(error.path)`: \(error.reason)", at: nil)
  }

  static func cannotWrite(_ error: FileSystemError) -> Diagnostic {
    .error(DiagnosticCode("E0712"), "cannot write `\(error.path)`: \(error.reason)", at: nil)
  }

  static func missingSubcommand(_ group: String, choices: [String]) -> Diagnostic {
    .error(
      DiagnosticCode("E0710"), "`\(group)` needs a subcommand", at: nil,
      help: "one of " + choices.map { "`\($0)`" }.joined(separator: ", "))
  }

  static func unknownCommand(_ name: String, suggestion: String?) -> Diagnostic {
    .error(
      DiagnosticCode("E0701"), "unknown command `\(name)`", at: nil,
      help: suggestion.map { "did you mean `\($0)`?" } ?? "run `immplan help` for the list of commands")
  }
}
