// MARK: - Layout

/// One unit of output: a token, or a whole template (`"…"` or a heredoc) copied verbatim.
struct FormatPiece {
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

extension Formatter {
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
    var collapsed: [ArraySlice<FormatPiece>] = []
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
      FormatLine(line, indent: indents[index], bytes: source.bytes)
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
  static func pieces(_ source: SourceFile, tokens: [Token]) -> [FormatPiece] {
    let bytes = source.bytes
    var result: [FormatPiece] = []
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
        FormatPiece(
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
  static func splitLines(_ pieces: [FormatPiece]) -> [ArraySlice<FormatPiece>] {
    var lines: [ArraySlice<FormatPiece>] = []
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
  static func indentation(_ lines: [ArraySlice<FormatPiece>]) -> [Int] {
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
  static func insertBlankLinesAfterBlocks(_ lines: [ArraySlice<FormatPiece>]) -> [ArraySlice<FormatPiece>] {
    var result: [ArraySlice<FormatPiece>] = []
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
