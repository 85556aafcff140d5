// MARK: - Spacing and alignment

/// One output line: its pieces (a slice of the file's one piece array, so no copies), the spaces
/// before each, and its cells for alignment. Positions below are relative to the line (0-based).
struct FormatLine {
  var pieces: ArraySlice<FormatPiece>
  var indent: Int
  /// `spaces[i]` spaces precede piece `i` (`spaces[0]` is unused: the indent applies).
  var spaces: [Int32]
  /// Position of the `=` starting the assign cell, when the line is a single-line attribute.
  var assignIndex: Int?
  /// Position of the trailing comment, when there is one.
  var commentIndex: Int?

  init(_ pieces: ArraySlice<FormatPiece>, indent: Int, bytes: [UInt8]) {
    self.pieces = pieces
    self.indent = indent
    let base = pieces.startIndex
    let count = pieces.count
    spaces = Array(repeating: 0, count: count)
    for index in 1..<max(1, count) {
      let before = index >= 2 ? pieces[base + index - 2] : nil
      let isSpaced = Self.spaceAfter(
        pieces[base + index - 1], before: before, after: pieces[base + index], bytes: bytes)
      spaces[index] = isSpaced ? 1 : 0
    }
    guard !pieces.contains(where: \.isMultiline) else { return }
    var leadEnd = count
    if count > 1, pieces[base + count - 1].kind == .comment {
      commentIndex = count - 1
      leadEnd -= 1
    }
    // hclwrite: the first `=` after the first piece starts the assign cell when the rest of the
    // line closes every bracket it opens (so it is a whole single-line expression).
    if let equals = (0..<leadEnd).first(where: { $0 > 0 && pieces[base + $0].kind == .equal }) {
      let net = pieces[(base + equals)..<(base + leadEnd)].reduce(0) { $0 + Formatter.bracketChange($1.kind) }
      if net == 0 { assignIndex = equals }
    }
  }

  /// Columns from the line start to the end of piece `index - 1`.
  func columns(before index: Int) -> Int {
    var total = indent * 2
    let base = pieces.startIndex
    for position in 0..<index {
      total += (position == 0 ? 0 : Int(spaces[position])) + Int(pieces[base + position].width)
    }
    return total
  }

  func write(into output: inout [UInt8], bytes: [UInt8]) {
    guard !pieces.isEmpty else { return }
    output.append(contentsOf: repeatElement(0x20, count: indent * 2))
    for (index, piece) in pieces.enumerated() {
      if index > 0 { output.append(contentsOf: repeatElement(0x20, count: Int(spaces[index]))) }
      output.append(contentsOf: bytes[piece.start..<piece.end])
    }
  }

  // MARK: Spacing rules

  /// Whether one space separates `subject` from `after` (`hclwrite`'s `spaceAfterToken`, adapted:
  /// templates are single pieces here).
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
    case Formatter.bracketChange(next) < 0 && next != .closeBrace: return false
    case kind == .comma: return true
    case kind == .identifier && before?.kind == .identifier && isKeyword(subject, "in", bytes: bytes): return true
    case next == .openBracket
      && (kind == .identifier || kind == .number || kind == .openQuote
        || Formatter.bracketChange(kind) < 0):
      return false
    case kind == .bang: return false
    case kind == .minus: return !isNegation(before)
    case kind == .openBrace && next == .closeBrace: return false
    case kind == .openBrace || next == .closeBrace: return true
    case Formatter.bracketChange(kind) > 0: return false
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

  private static func isKeyword(_ piece: FormatPiece, _ word: String, bytes: [UInt8]) -> Bool {
    piece.kind == .identifier && bytes[piece.start..<piece.end].elementsEqual(word.utf8)
  }
}

// MARK: - Alignment

extension Formatter {
  /// Aligns `=` in runs of consecutive lines with an assign cell, then trailing comments in runs
  /// of consecutive lines with a comment (`hclwrite`'s `formatCells`).
  static func align(_ lines: inout [FormatLine]) {
    var runStart: Int?
    for index in 0...lines.count {
      let hasCell = index < lines.count && lines[index].assignIndex != nil
      if hasCell {
        if runStart == nil { runStart = index }
        continue
      }
      guard let start = runStart else { continue }
      let widest = (start..<index).map { lines[$0].columns(before: lines[$0].assignIndex!) }.max()!
      for line in start..<index {
        let equals = lines[line].assignIndex!
        lines[line].spaces[equals] = Int32(widest - lines[line].columns(before: equals) + 1)
      }
      runStart = nil
    }
    for index in 0...lines.count {
      let hasCell = index < lines.count && lines[index].commentIndex != nil
      if hasCell {
        if runStart == nil { runStart = index }
        continue
      }
      guard let start = runStart else { continue }
      let widest = (start..<index).map { lines[$0].columns(before: lines[$0].commentIndex!) }.max()!
      for line in start..<index {
        let comment = lines[line].commentIndex!
        lines[line].spaces[comment] = Int32(widest - lines[line].columns(before: comment) + 1)
      }
      runStart = nil
    }
  }
}
