/// The kinds of token of HCL native syntax, as `hclsyntax`'s scanner produces them (v2.14).
///
/// The error kinds at the end are real tokens (STYLE.md: lex common mistakes as tokens); the parser
/// reports each of them through ``Diagnostic`` (see `Messages+Lexer.swift`). A lexer error is
/// therefore exactly a `(kind, offset)` pair: the token's kind and range.
public enum TokenKind: UInt8, Sendable, Hashable, CaseIterable {
  case openBrace, closeBrace, openBracket, closeBracket, openParenthesis, closeParenthesis
  /// `"` opening a quoted template, and the `"` closing it.
  case openQuote, closeQuote
  /// `<<EOT` or `<<-EOT` including the newline after the marker; and the closing marker line
  /// (leading whitespace included, newline excluded: a ``newline`` token follows it).
  case openHeredoc, closeHeredoc
  case star, slash, plus, minus, percent
  case equal, equalOperator, notEqual, lessThan, lessThanOrEqual, greaterThan, greaterThanOrEqual
  case and, or, bang, dot, comma, ellipsis, fatArrow, question, colon
  /// `${` or `${~`.
  case templateInterpolation
  /// `%{` or `%{~`.
  case templateControl
  /// `}` or `~}` closing a template sequence.
  case templateSequenceEnd
  /// Literal text inside a quoted template (escapes not yet decoded).
  case quotedLiteral
  /// Literal text inside a heredoc, at most one line (its newline included).
  case stringLiteral
  case number, identifier
  /// `# …`, `// …` (newline excluded: a ``newline`` token follows) or `/* … */`.
  case comment
  /// `\n` or `\r\n`.
  case newline
  case endOfFile
  // MARK: Error tokens
  case bitwiseAnd, bitwiseOr, bitwiseNot, bitwiseXor
  case semicolon, apostrophe, backtick
  /// `“ ” ‘ ’`: typographic quotes, usually pasted from a word processor.
  case curlyQuote
  /// Any other character that the language does not use.
  case invalid
  /// One byte that is not part of a valid UTF-8 sequence.
  case badUTF8
  /// A newline inside a quoted template (`"` strings may not span lines).
  case quotedNewline

  /// True for the kinds that are always an error wherever they appear.
  public var isError: Bool { rawValue >= TokenKind.bitwiseAnd.rawValue }
}

/// One token: its kind and its byte range. Text is sliced from the source on demand.
public struct Token: Sendable, Hashable {
  public var kind: TokenKind
  public var range: SourceRange
  public init(kind: TokenKind, range: SourceRange) {
    self.kind = kind
    self.range = range
  }
}

/// The lexer's compact internal token: 12 bytes, no file ID (the parser knows its file).
struct RawToken: Sendable, Hashable {
  var kind: TokenKind
  var start: UInt32
  var end: UInt32

  @inline(__always) var startOffset: Int { Int(start) }
  @inline(__always) var endOffset: Int { Int(end) }
}
