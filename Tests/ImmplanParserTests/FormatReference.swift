@testable import ImmplanParser

/// The formatter as first written, kept as the simple reference path for the one-pass layout of
/// `Formatter` (STYLE.md): tokens to pieces, pieces to lines, then blank lines, indentation,
/// spacing and alignment each in a pass of its own over every line. `FormatReferenceTests` checks
/// that both give the same bytes.
enum ReferenceFormatter {
  /// The layout of `source`'s tokens (whatever its syntax).
  static func format(_ source: SourceFile) -> [UInt8] { layout(source, tokens: Lexer.tokenize(source)) }
}

// MARK: - Layout

/// One unit of output: a token, or a whole template (`"…"` or a heredoc) copied verbatim.
struct ReferencePiece {
  /// The token kind; `.openQuote` / `.openHeredoc` stand for the whole template.
  var kind: TokenKind
  /// Whitespace separated this piece from the previous one in the input.
  var hadSpaceBefore: Bool
  /// The piece spans lines (heredoc, `/* */` over lines, template with a newline in `${}`).
  var isMultiline: Bool
  /// Display width in Unicode scalars (meaningful only when not multiline).
  var width: Int32
  var start: Int
  var end: Int
}

extension ReferenceFormatter {
  /// Lays out the token stream of a syntactically valid file. Never recursive; any token stream
  /// (even of an invalid file) gives some output without trapping.
  ///
  /// Decisions:
  /// - Indentation is two spaces per level, levels counted per line as `hclwrite` does: a line with
  ///   more openers than closers indents the following lines one level, however many it opened.
  /// - Runs of blank lines become one; blank lines at the start and end of the file go, and so do
  ///   blank lines right after a line that opens brackets or right before one that starts by
  ///   closing one; a multi-line top-level block is followed by one blank line.
  /// - Quoted templates and heredocs (their bodies and interpolations) are copied byte for byte;
  ///   so are comments, except trailing whitespace of line comments.
  /// - Output lines end in `\n` (a CRLF file becomes LF outside heredocs); the file ends in one
  ///   newline (an empty file stays empty). A leading BOM is dropped.
  static func layout(_ source: SourceFile, tokens: [Token]) -> [UInt8] {
    let allPieces = pieces(source, tokens: tokens)
    let lines = splitLines(allPieces)
    // The first non-blank line at or after each index (lines.count when none): one backward pass,
    // so long runs of blank lines stay linear.
    var nextNonBlank = [Int](repeating: lines.count, count: lines.count + 1)
    for index in stride(from: lines.count - 1, through: 0, by: -1) {
      nextNonBlank[index] = lines[index].isEmpty ? nextNonBlank[index + 1] : index
    }
    var collapsed: [ArraySlice<ReferencePiece>] = []
    collapsed.reserveCapacity(lines.count)
    for (index, line) in lines.enumerated() {
      if line.isEmpty {
        // No blank line at the start or end of the file, no run of them, none right after an
        // opening line or right before a closing one.
        guard let previous = collapsed.last, !previous.isEmpty else { continue }
        let next = nextNonBlank[index]
        guard next < lines.count else { continue }
        if previous.reduce(0, { $0 + bracketChange($1.kind) }) > 0 { continue }
        if let first = lines[next].first, bracketChange(first.kind) < 0 { continue }
      }
      collapsed.append(line)
    }
    let laidOut = insertBlankLinesAfterBlocks(collapsed)

    let indents = indentation(laidOut)
    var rendered = laidOut.enumerated().map { index, line in
      ReferenceLine(line, indent: indents[index], bytes: source.bytes)
    }
    align(&rendered)

    var output: [UInt8] = []
    output.reserveCapacity(source.bytes.count + source.bytes.count / 8)
    for line in rendered {
      line.write(into: &output, bytes: source.bytes)
      output.append(0x0A)
    }
    return output
  }

  // MARK: Pieces and lines

  /// Tokens to pieces: templates become one piece each, end of file is dropped.
  static func pieces(_ source: SourceFile, tokens: [Token]) -> [ReferencePiece] {
    let bytes = source.bytes
    var result: [ReferencePiece] = []
    result.reserveCapacity(tokens.count)
    var index = 0
    var previousEnd = 0
    while index < tokens.count {
      let token = tokens[index]
      if token.kind == .endOfFile { break }
      var end = token.range.end
      var kind = token.kind
      if kind == .openQuote || kind == .openHeredoc {
        // Copy the whole template, nested templates included, verbatim.
        var depth = 0
        var cursor = index
        while cursor < tokens.count {
          switch tokens[cursor].kind {
          case .openQuote, .openHeredoc: depth += 1
          case .closeQuote, .closeHeredoc: depth -= 1
          default: break
          }
          if tokens[cursor].kind != .endOfFile { end = tokens[cursor].range.end }
          if depth == 0 { break }
          cursor += 1
        }
        if kind == .openHeredoc, cursor < tokens.count, tokens[cursor].kind == .closeHeredoc {
          // HCL allows spaces after the closing marker; they are not content, so drop them.
          while end > token.range.start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        }
        index = cursor
      } else if kind == .closeQuote || kind == .closeHeredoc {
        kind = .invalid  // unbalanced: treat as opaque text
      }
      var start = token.range.start
      if kind == .comment { end = trimmedCommentEnd(bytes, start: start, end: end) }
      start = min(start, end)
      let hadSpace = start > previousEnd && start > 0 && (bytes[start - 1] == 0x20 || bytes[start - 1] == 0x09)
      var width = 0
      var isMultiline = false
      for offset in start..<end {
        let byte = bytes[offset]
        if byte == 0x0A { isMultiline = true }
        if byte & 0xC0 != 0x80 { width += 1 }
      }
      result.append(
        ReferencePiece(
          kind: kind, hadSpaceBefore: hadSpace, isMultiline: isMultiline, width: Int32(clamping: width), start: start,
          end: end))
      previousEnd = token.range.end
      index += 1
    }
    return result
  }

  /// A `#` or `//` comment without trailing spaces, tabs or `\r`; other comments unchanged.
  private static func trimmedCommentEnd(_ bytes: [UInt8], start: Int, end: Int) -> Int {
    guard end > start,
      bytes[start] == UInt8(ascii: "#")
        || (bytes[start] == UInt8(ascii: "/") && end - start > 1 && bytes[start + 1] == UInt8(ascii: "/"))
    else { return end }
    var trimmed = end
    while trimmed > start + 1, bytes[trimmed - 1] == 0x20 || bytes[trimmed - 1] == 0x09 || bytes[trimmed - 1] == 0x0D {
      trimmed -= 1
    }
    return trimmed
  }

  /// Splits at newline tokens (dropped); a blank line is an empty slice. The slices share the
  /// storage of `pieces`.
  static func splitLines(_ pieces: [ReferencePiece]) -> [ArraySlice<ReferencePiece>] {
    var lines: [ArraySlice<ReferencePiece>] = []
    var start = 0
    for (index, piece) in pieces.enumerated() where piece.kind == .newline {
      lines.append(pieces[start..<index])
      start = index + 1
    }
    if start < pieces.count { lines.append(pieces[start..<pieces.count]) }
    return lines
  }

  /// +1 for an opener, -1 for a closer, 0 otherwise (templates are single pieces).
  static func bracketChange(_ kind: TokenKind) -> Int {
    switch kind {
    case .openBrace, .openBracket, .openParenthesis, .templateInterpolation, .templateControl: 1
    case .closeBrace, .closeBracket, .closeParenthesis, .templateSequenceEnd: -1
    default: 0
    }
  }

  // MARK: Indentation

  /// Indent level of each line (`hclwrite`'s indent stack: one level per line with net openers,
  /// released as its openers close).
  static func indentation(_ lines: [ArraySlice<ReferencePiece>]) -> [Int] {
    var stack: [Int] = []
    var result: [Int] = []
    result.reserveCapacity(lines.count)
    for line in lines {
      let net = line.reduce(0) { $0 + bracketChange($1.kind) }
      if net > 0 {
        result.append(stack.count)
        stack.append(net)
      } else {
        var closed = -net
        while closed > 0, let top = stack.last {
          if closed >= top {
            closed -= top
            stack.removeLast()
          } else {
            stack[stack.count - 1] = top - closed
            closed = 0
          }
        }
        result.append(stack.count)
      }
    }
    return result
  }

  /// After a line that closes a multi-line top-level block (its header has no `=`), ensures one
  /// blank line before the next non-blank line.
  static func insertBlankLinesAfterBlocks(_ lines: [ArraySlice<ReferencePiece>]) -> [ArraySlice<ReferencePiece>] {
    var result: [ArraySlice<ReferencePiece>] = []
    result.reserveCapacity(lines.count)
    var depth = 0
    var isBlock = false
    var needsBlank = false
    for line in lines {
      if needsBlank, !line.isEmpty { result.append(line.prefix(0)) }
      needsBlank = false
      result.append(line)
      let net = line.reduce(0) { $0 + bracketChange($1.kind) }
      if depth == 0, net > 0 {
        isBlock = !line.contains { $0.kind == .equal }
      }
      let before = depth
      depth = max(0, depth + net)
      if before > 0, depth == 0, isBlock, line.first?.kind == .closeBrace { needsBlank = true }
    }
    return result
  }
}

// MARK: - Spacing and alignment

/// One output line: its pieces (a slice of the file's one piece array, so no copies), the spaces
/// before each, and its cells for alignment. Positions below are relative to the line (0-based).
struct ReferenceLine {
  var pieces: ArraySlice<ReferencePiece>
  var indent: Int
  /// `spaces[i]` spaces precede piece `i` (`spaces[0]` is unused: the indent applies).
  var spaces: [Int32]
  /// Position of the `=` starting the assign cell, when the line is a single-line attribute.
  var assignIndex: Int?
  /// Position of the trailing comment, when there is one.
  var commentIndex: Int?

  init(_ pieces: ArraySlice<ReferencePiece>, indent: Int, bytes: [UInt8]) {
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
      let net = pieces[(base + equals)..<(base + leadEnd)].reduce(0) { $0 + ReferenceFormatter.bracketChange($1.kind) }
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
  static func spaceAfter(_ subject: ReferencePiece, before: ReferencePiece?, after: ReferencePiece, bytes: [UInt8])
    -> Bool
  {
    let kind = subject.kind
    let next = after.kind
    switch true {
    case kind == .number && next == .dot, kind == .dot && next == .number:
      // `a.0.1` versus `a.0 .1`: keep what was written, so a legacy index never becomes a number.
      return after.hadSpaceBefore
    case kind == .identifier && next == .openParenthesis: return false
    case kind == .dot || next == .dot: return false
    case next == .comma || next == .ellipsis: return false
    case ReferenceFormatter.bracketChange(next) < 0 && next != .closeBrace: return false
    case kind == .comma: return true
    case kind == .identifier && before?.kind == .identifier && isKeyword(subject, "in", bytes: bytes): return true
    case next == .openBracket
      && (kind == .identifier || kind == .number || kind == .openQuote
        || ReferenceFormatter.bracketChange(kind) < 0):
      return false
    case kind == .bang: return false
    case kind == .minus: return !isNegation(before)
    case kind == .openBrace && next == .closeBrace: return false
    case kind == .openBrace || next == .closeBrace: return true
    case ReferenceFormatter.bracketChange(kind) > 0: return false
    default: return true
    }
  }

  /// A minus is a negation unless it follows something that can end an expression.
  private static func isNegation(_ before: ReferencePiece?) -> Bool {
    switch before?.kind {
    case .identifier, .number, .openQuote, .openHeredoc, .closeBrace, .closeBracket, .closeParenthesis: false
    default: true
    }
  }

  private static func isKeyword(_ piece: ReferencePiece, _ word: String, bytes: [UInt8]) -> Bool {
    piece.kind == .identifier && bytes[piece.start..<piece.end].elementsEqual(word.utf8)
  }
}

// MARK: - Alignment

extension ReferenceFormatter {
  /// Aligns `=` in runs of consecutive lines with an assign cell, then trailing comments in runs
  /// of consecutive lines with a comment (`hclwrite`'s `formatCells`).
  static func align(_ lines: inout [ReferenceLine]) {
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
