/// Lexer diagnostics (codes E01xx). Each error token kind is reported once per file at its first
/// occurrence (HCL's `checkInvalidTokens`), with a targeted fix.
extension Diagnostic {
  /// E0101: a character the language does not use.
  static func invalidCharacter(_ range: SourceRange) -> Diagnostic {
    .error(
      DiagnosticCode("E0101"), "invalid character", at: range, label: "not used by the language",
      help: "remove this character")
  }

  /// E0102: bytes that are not UTF-8.
  static func invalidEncoding(_ range: SourceRange) -> Diagnostic {
    .error(
      DiagnosticCode("E0102"), "invalid UTF-8 encoding", at: range, label: "not valid UTF-8",
      help: "save the file as UTF-8")
  }

  /// E0103: `;` separators.
  static func semicolon(_ range: SourceRange) -> Diagnostic {
    .error(
      DiagnosticCode("E0103"), "unexpected `;`", at: range, label: "not a separator",
      help: "separate attributes and blocks with newlines and collection items with commas")
  }

  /// E0104: single-quoted strings.
  static func singleQuote(_ range: SourceRange) -> Diagnostic {
    .error(
      DiagnosticCode("E0104"), "single quotes are not valid", at: range, label: "single quote",
      help: "use double quotes (`\"`) to enclose strings")
  }

  /// E0105: backticks.
  static func backtick(_ range: SourceRange) -> Diagnostic {
    .error(
      DiagnosticCode("E0105"), "the `` ` `` character is not valid", at: range, label: "backtick",
      help: "for a multi-line string use a heredoc, like `<<EOT`")
  }

  /// E0106: `&`, `|`, `^`, `~`.
  static func bitwiseOperator(_ range: SourceRange, suggestion: String?) -> Diagnostic {
    .error(
      DiagnosticCode("E0106"), "bitwise operators are not supported", at: range, label: "unsupported operator",
      help: suggestion.map { "did you mean `\($0)`?" })
  }

  /// E0107: typographic quotes.
  static func curlyQuote(_ range: SourceRange) -> Diagnostic {
    .error(
      DiagnosticCode("E0107"), "typographic quotes are not valid", at: range, label: "curly quote",
      help: "use straight double quotes (`\"`)")
  }

  /// E0108: a newline inside a quoted string.
  static func multiLineString(_ range: SourceRange) -> Diagnostic {
    .error(
      DiagnosticCode("E0108"), "quoted strings may not span lines", at: range, label: "newline in string",
      help: "use the `\\n` escape, or a heredoc like `<<EOT` for multi-line text")
  }

  /// E0109: a backslash escape that does not exist or is malformed.
  static func invalidEscape(_ range: SourceRange, detail: String) -> Diagnostic {
    .error(
      DiagnosticCode("E0109"), "invalid escape sequence", at: range, label: detail,
      help: "valid escapes are `\\n` `\\r` `\\t` `\\\"` `\\\\` `\\uNNNN` `\\UNNNNNNNN`")
  }

  /// The diagnostic for the first token of an error kind, or nil for other kinds.
  static func forErrorToken(_ kind: TokenKind, _ range: SourceRange) -> Diagnostic? {
    switch kind {
    case .invalid: invalidCharacter(range)
    case .badUTF8: invalidEncoding(range)
    case .semicolon: semicolon(range)
    case .apostrophe: singleQuote(range)
    case .backtick: backtick(range)
    case .bitwiseAnd: bitwiseOperator(range, suggestion: "&&")
    case .bitwiseOr: bitwiseOperator(range, suggestion: "||")
    case .bitwiseNot: bitwiseOperator(range, suggestion: "!")
    case .bitwiseXor: bitwiseOperator(range, suggestion: nil)
    case .curlyQuote: curlyQuote(range)
    case .quotedNewline: multiLineString(range)
    default: nil
    }
  }
}
