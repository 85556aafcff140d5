import ImmplanSupport

/// `immplan fmt`: rewrites any HCL native-syntax file in the canonical layout (syntax only, like
/// `terraform fmt`).
///
/// Token-based, after `hclwrite`'s formatter: the text is split into lines at newline tokens, and
/// each line gets its indentation from bracket counting, one space between tokens by a fixed set
/// of rules, and `=` (and trailing comments) aligned in runs of consecutive single-line
/// attributes. The tokens themselves are never changed, so the result reads as the same syntax
/// tree. Details and the decisions taken are in ``Formatter/layout(_:tokens:)``.
///
/// The syntax check runs the parser without keeping its tree, and the layout is one pass over the
/// same tokens (``formatIfClean(_:parallelism:)``): `fmt` costs little more than lexing and parsing.
///
/// Guarantees (tested over every file in specs/): the output re-parses without errors to the same
/// structure, and formatting it again changes nothing. Files with syntax errors are refused.
public enum Formatter {
  /// Formats `source`, or refuses with the parser's diagnostics when it has syntax errors. The
  /// bytes are the same at every ``Parallel/width``.
  public static func format(_ source: SourceFile, parallelism: Parallel = .default) -> FormatResult {
    if let formatted = formatIfClean(source, parallelism: parallelism) {
      return FormatResult(formatted: formatted, diagnostics: [])
    }
    // The check stopped at something: the parser's full result says what.
    let parsed = Parser.parse(source, parallelism: parallelism)
    if parsed.diagnostics.hasErrors {
      return FormatResult(formatted: nil, diagnostics: parsed.diagnostics)
    }
    let formatted = layout(source.bytes, tokens: Lexer.scanWithErrorFlag(source.bytes).tokens)
    return FormatResult(formatted: formatted, diagnostics: parsed.diagnostics)
  }
}

/// The outcome of ``Formatter/format(_:)``.
public struct FormatResult: Sendable, Hashable {
  /// The formatted bytes; nil when the file has syntax errors (see ``diagnostics``).
  public var formatted: [UInt8]?
  /// The parser's diagnostics: errors when refused, otherwise possibly warnings.
  public var diagnostics: [Diagnostic]

  /// A result as ``Formatter/format(_:)`` builds it.
  public init(formatted: [UInt8]?, diagnostics: [Diagnostic]) {
    self.formatted = formatted
    self.diagnostics = diagnostics
  }

  /// The formatted text as a string (nil when refused).
  public var text: String? { formatted.map { String(decoding: $0, as: UTF8.self) } }

  /// True when formatting produced different bytes from `source`.
  public func changes(_ source: SourceFile) -> Bool {
    formatted.map { $0 != source.bytes } ?? false
  }
}
