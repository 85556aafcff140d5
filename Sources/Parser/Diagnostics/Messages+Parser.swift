/// Parser diagnostics (codes E02xx), one factory per code, sorted by code.
extension Diagnostic {
  /// E0201: something that is neither `NAME =` nor `TYPE LABELS {` where a body item must start.
  static func expectedBodyItem(_ range: SourceRange, isAfterName: Bool) -> Diagnostic {
    .error(
      DiagnosticCode("E0201"), "expected an attribute or a block", at: range,
      label: isAfterName ? "expected `=` or a block label or `{` after this name" : "not an attribute or block",
      help: isAfterName ? "to set an attribute, use `=`: `name = value`" : nil)
  }

  /// E0202: the same attribute twice in one body.
  static func duplicateAttribute(_ name: String, _ range: SourceRange, previous: SourceRange) -> Diagnostic {
    Diagnostic(
      .error, DiagnosticCode("E0202"), "attribute `\(name)` is set more than once",
      primary: DiagnosticLabel(range, "set again here"), secondary: [DiagnosticLabel(previous, "first set here")],
      help: "remove one of the definitions")
  }

  /// E0203: an attribute not followed by a newline.
  static func missingNewlineAfterAttribute(_ range: SourceRange, isComma: Bool) -> Diagnostic {
    .error(
      DiagnosticCode("E0203"), isComma ? "unexpected `,` after attribute" : "expected a newline after the attribute",
      at: range, label: isComma ? "attributes are separated by newlines" : "expected newline",
      help: "put each attribute on a line of its own")
  }

  /// E0204: a block header that is not `TYPE LABEL* {`.
  static func invalidBlockHeader(_ range: SourceRange, found: TokenKind) -> Diagnostic {
    switch found {
    case .newline:
      .error(
        DiagnosticCode("E0204"), "block body must start on the same line as the block header", at: range,
        label: "expected `{` before the newline", help: "move `{` to the end of the header line")
    case .equal:
      .error(
        DiagnosticCode("E0204"), "invalid block definition", at: range, label: "`=` defines an attribute, not a block",
        help: "remove the labels to set an attribute, or remove `=` to define a block")
    default:
      .error(
        DiagnosticCode("E0204"), "invalid block definition", at: range, label: "expected a quoted label or `{`")
    }
  }

  /// E0205: a one-line block that breaks HCL's one-line rules.
  static func invalidOneLineBlock(_ range: SourceRange, detail: String) -> Diagnostic {
    .error(
      DiagnosticCode("E0205"), "invalid one-line block", at: range, label: detail,
      help: "a one-line block holds at most one attribute and closes on the same line; otherwise put one item per line")
  }

  /// E0206: a block not followed by a newline.
  static func missingNewlineAfterBlock(_ range: SourceRange) -> Diagnostic {
    .error(
      DiagnosticCode("E0206"), "expected a newline after the block", at: range, label: "expected newline",
      help: "put the next item on a line of its own")
  }

  /// E0207: a block or body with no closing `}` before the end of the file.
  static func unclosedBlock(_ range: SourceRange) -> Diagnostic {
    .error(
      DiagnosticCode("E0207"), "unclosed block", at: range, label: "this `{` is never closed",
      help: "add the missing `}`; check the brace nesting above")
  }

  /// E0208: no expression where one must start.
  static func expectedExpression(_ range: SourceRange, isEndOfFile: Bool) -> Diagnostic {
    .error(
      DiagnosticCode("E0208"),
      isEndOfFile ? "expected an expression, found the end of the file" : "expected an expression",
      at: range, label: isEndOfFile ? "file ends here" : "not the start of an expression")
  }

  /// E0209: a missing closing bracket, parenthesis or brace.
  static func missingClosingDelimiter(_ range: SourceRange, expected: String, opening: SourceRange?) -> Diagnostic {
    Diagnostic(
      .error, DiagnosticCode("E0209"), "expected `\(expected)`",
      primary: DiagnosticLabel(range, "expected `\(expected)`"),
      secondary: opening.map { [DiagnosticLabel($0, "to match this")] } ?? [])
  }

  /// E0210: a number literal `hclsyntax` lexes but cannot read (`1.2.3`, `1e5e5`).
  static func invalidNumber(_ range: SourceRange) -> Diagnostic {
    .error(
      DiagnosticCode("E0210"), "invalid number literal", at: range, label: "not a number",
      help: "numbers look like `42`, `1.5` or `1e6`")
  }

  /// E0211: a `.` not followed by a name, a legacy index or `*`.
  static func expectedAttributeName(_ range: SourceRange) -> Diagnostic {
    .error(DiagnosticCode("E0211"), "expected an attribute name after `.`", at: range, label: "expected a name")
  }

  /// E0212: `x.0.1`, which lexes as the number `0.1`.
  static func chainedLegacyIndex(_ range: SourceRange, first: String, second: String) -> Diagnostic {
    .error(
      DiagnosticCode("E0212"), "legacy index syntax cannot be chained", at: range,
      label: "read as the number `\(first).\(second)`",
      help: "use brackets: `[\(first)][\(second)]`")
  }

  /// E0213: two items of a tuple, call or object without a separator.
  static func missingSeparator(_ range: SourceRange, expected: String) -> Diagnostic {
    .error(DiagnosticCode("E0213"), "expected \(expected)", at: range, label: "expected \(expected)")
  }

  /// E0214: an object key without `=` or `:`.
  static func missingObjectValue(_ range: SourceRange) -> Diagnostic {
    .error(
      DiagnosticCode("E0214"), "expected `=` after the object key", at: range, label: "expected `=` or `:`",
      help: "write `key = value`; quote keys that contain dots or spaces")
  }

  /// E0215: a malformed `for` expression or directive.
  static func invalidFor(_ range: SourceRange, detail: String) -> Diagnostic {
    .error(DiagnosticCode("E0215"), "invalid `for` expression", at: range, label: detail)
  }

  /// E0216: a quoted string or heredoc that never ends.
  static func unterminatedTemplate(_ range: SourceRange, isHeredoc: Bool) -> Diagnostic {
    .error(
      DiagnosticCode("E0216"), isHeredoc ? "unterminated heredoc" : "unterminated string", at: range,
      label: "no closing marker",
      help: isHeredoc
        ? "end the heredoc with its marker alone on a line, followed by a newline" : "add the closing `\"`")
  }

  /// E0217: unbalanced or unknown template directives.
  static func invalidDirective(_ range: SourceRange, detail: String, help: String? = nil) -> Diagnostic {
    .error(DiagnosticCode("E0217"), "invalid template directive", at: range, label: detail, help: help)
  }

  /// E0218: extra tokens before the `}` of `${ … }` or `%{ … }`.
  static func unclosedSequence(_ range: SourceRange) -> Diagnostic {
    .error(
      DiagnosticCode("E0218"), "expected `}` to end the template sequence", at: range, label: "expected `}`",
      help: "to write a literal `${` or `%{`, double the sign: `$${` or `%%{`")
  }

  /// E0219: `${`/`%{` inside a block label.
  static func sequenceInLabel(_ range: SourceRange) -> Diagnostic {
    .error(
      DiagnosticCode("E0219"), "template sequences are not allowed in block labels", at: range,
      label: "not allowed here", help: "to write a literal `${` or `%{`, double the sign: `$${` or `%%{`")
  }

  /// E0220: nesting beyond ``Parser/maximumNestingDepth``.
  static func nestingTooDeep(_ range: SourceRange) -> Diagnostic {
    .error(
      DiagnosticCode("E0220"), "nesting is too deep", at: range,
      label: "more than \(Parser.maximumNestingDepth) levels of nesting",
      help: "flatten the expression or the blocks; the limit keeps every later pass from overflowing the stack")
  }

  /// E0221: a splat inside an attribute-only splat (`a.*.*`).
  static func nestedSplat(_ range: SourceRange) -> Diagnostic {
    .error(
      DiagnosticCode("E0221"), "nested splat in an attribute-only splat", at: range, label: "not allowed after `.*`",
      help: "use a full splat: `[*]`")
  }

  /// E0222: `cond ? a` without `: b`.
  static func missingFalseExpression(_ range: SourceRange) -> Diagnostic {
    .error(
      DiagnosticCode("E0222"), "expected `:` in the conditional", at: range, label: "expected `:` and the false result")
  }

  /// E0223: a quoted attribute name in a body.
  static func quotedAttributeName(_ range: SourceRange) -> Diagnostic {
    .error(
      DiagnosticCode("E0223"), "attribute names must not be quoted", at: range, label: "quoted name",
      help: "remove the quotes")
  }

  /// E0224: `...` not directly before `)`.
  static func misplacedExpansion(_ range: SourceRange) -> Diagnostic {
    .error(
      DiagnosticCode("E0224"), "`...` must be followed by `)`", at: range,
      label: "only the last argument may be expanded")
  }
}
