// MARK: - Spacing rules

extension Formatter {
  /// Whether one space separates `subject` from `after` on a line (`hclwrite`'s `spaceAfterToken`,
  /// adapted: templates are single pieces here). `before` is the piece before `subject`, if any.
  static func spaceAfter(_ subject: FormatPiece, before: FormatPiece?, after: FormatPiece, bytes: [UInt8]) -> Bool {
    let kind = subject.kind
    let next = after.kind
    switch true {
    case kind == .number && next == .dot, kind == .dot && next == .number:
      // `a.0.1` versus `a.0 .1`: keep what was written, so a legacy index never becomes a number.
      return after.hadSpaceBefore
    case kind == .identifier && next == .openParenthesis: return false
    case kind == .dot || next == .dot: return false
    case next == .comma || next == .ellipsis: return false
    case bracketChange(next) < 0 && next != .closeBrace: return false
    case kind == .comma: return true
    case kind == .identifier && before?.kind == .identifier && isKeyword(subject, "in", bytes: bytes): return true
    case next == .openBracket
      && (kind == .identifier || kind == .number || kind == .openQuote || bracketChange(kind) < 0):
      return false
    case kind == .bang: return false
    case kind == .minus: return !isNegation(before)
    case kind == .openBrace && next == .closeBrace: return false
    case kind == .openBrace || next == .closeBrace: return true
    case bracketChange(kind) > 0: return false
    default: return true
    }
  }

  /// A minus is a negation unless it follows something that can end an expression.
  private static func isNegation(_ before: FormatPiece?) -> Bool {
    switch before?.kind {
    case .identifier, .number, .openQuote, .openHeredoc, .closeBrace, .closeBracket, .closeParenthesis: false
    default: true
    }
  }

  private static func isKeyword(_ piece: FormatPiece, _ word: StaticString, bytes: [UInt8]) -> Bool {
    guard piece.kind == .identifier, piece.end - piece.start == word.utf8CodeUnitCount else { return false }
    for offset in 0..<word.utf8CodeUnitCount where bytes[piece.start + offset] != word.utf8Start[offset] {
      return false
    }
    return true
  }
}
