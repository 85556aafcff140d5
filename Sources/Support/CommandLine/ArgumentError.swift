/// A command line that does not fit its ``CommandSpec``, as data. The CLI renders it with the
/// command's usage line and exits 1.
public enum ArgumentError: Error, Sendable, Hashable {
  /// `-outt`; `suggestion` is the closest declared flag name (without dash), if close enough.
  case unknownFlag(String, suggestion: String?)
  /// `-out` as the last argument.
  case missingValue(flag: String)
  /// `-json=maybe`.
  case invalidBool(flag: String, value: String)
  /// `-format=svg` where only some values are allowed.
  case invalidValue(flag: String, value: String, allowed: [String], suggestion: String?)
  /// A value flag given more than once (`-out a -out b`).
  case repeatedFlag(flag: String)
  /// `---x`, `-=x`: not a flag, not a positional.
  case malformedFlag(String)
  /// A positional beyond the declared ones.
  case unexpectedArgument(String)
  /// A required positional missing.
  case missingArgument(name: String)
  /// Two flags of one exclusive group (`-json` and `-markdown`).
  case conflictingFlags(String, String)

  /// One rustc-style sentence: lowercase, no final period, names in backticks.
  public var message: String {
    switch self {
    case .unknownFlag(let flag, _): "unknown flag `\(flag)`"
    case .missingValue(let flag): "flag `-\(flag)` needs a value"
    case .invalidBool(let flag, let value): "flag `-\(flag)` takes `true` or `false`, not `\(value)`"
    case .invalidValue(let flag, let value, _, _): "invalid value `\(value)` for flag `-\(flag)`"
    case .repeatedFlag(let flag): "flag `-\(flag)` given more than once"
    case .malformedFlag(let text): "malformed flag `\(text)`"
    case .unexpectedArgument(let argument): "unexpected argument `\(argument)`"
    case .missingArgument(let name): "missing argument \(name)"
    case .conflictingFlags(let first, let second): "flags `-\(first)` and `-\(second)` cannot be used together"
    }
  }

  /// The fix, where one is known.
  public var help: String? {
    switch self {
    case .unknownFlag(_, let suggestion?): "did you mean `-\(suggestion)`?"
    case .unknownFlag: nil
    case .missingValue(let flag): "write `-\(flag)=VALUE` or `-\(flag) VALUE`"
    case .invalidBool(let flag, _): "write `-\(flag)` or `-\(flag)=false`"
    case .invalidValue(_, _, _, let suggestion?): "did you mean `\(suggestion)`?"
    case .invalidValue(_, _, let allowed, nil):
      "expected one of " + allowed.map { "`\($0)`" }.joined(separator: ", ")
    case .repeatedFlag: "give it once; the last one would silently win otherwise"
    case .malformedFlag:
      "flags start with `-` or `--` followed by a name; put `--` before arguments that start with `-`"
    case .unexpectedArgument(let argument) where argument.hasPrefix("-") && argument.count > 1:
      "flags go before `--`"
    case .unexpectedArgument: nil
    case .missingArgument: nil
    case .conflictingFlags(_, let second): "remove `-\(second)`"
    }
  }
}
