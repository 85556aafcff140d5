// MARK: - Layout

/// One unit of output: a token, or a whole template (`"…"` or a heredoc) copied verbatim.
struct FormatPiece {
  /// The token kind; `.openQuote` / `.openHeredoc` stand for the whole template.
  var kind: TokenKind
  /// Whitespace separated this piece from the previous token in the input.
  var hadSpaceBefore: Bool
  /// The piece spans lines (heredoc, `/* */` over lines, template with a newline in `${}`).
  var isMultiline: Bool
  /// Spaces written before the piece; unused for the first piece of a line (the indent applies).
  var spaces: Int32 = 0
  var start: Int
  var end: Int
}

extension Formatter {
  /// Lays out the tokens of a syntactically valid file (read up to their first
  /// ``TokenKind/endOfFile``). Never recursive; any token stream (even of an invalid file) gives
  /// some output without trapping.
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
  static func layout(_ bytes: [UInt8], tokens: [RawToken]) -> [UInt8] {
    var writer = LayoutWriter(bytes)
    writer.add(tokens)
    return writer.finish()
  }

  /// +1 for an opener, -1 for a closer, 0 otherwise (templates are single pieces).
  @inline(__always) static func bracketChange(_ kind: TokenKind) -> Int {
    switch kind {
    case .openBrace, .openBracket, .openParenthesis, .templateInterpolation, .templateControl: 1
    case .closeBrace, .closeBracket, .closeParenthesis, .templateSequenceEnd: -1
    default: 0
    }
  }
}

/// The layout in one pass over the tokens, line by line, in the order of the rules in
/// ``Formatter/layout(_:tokens:)``. A line's pieces and its indentation are known when its newline
/// is read; only its alignment can depend on later lines, so the lines of a run that may still be
/// aligned (each has an `=` or a trailing comment cell) wait in ``lines``, and everything is written
/// when a line without a cell, a blank line or the end of the file closes every run. Buffers are
/// reused, so nothing is allocated per line.
struct LayoutWriter {
  /// One line waiting for alignment: its pieces are `pieces[first..<first + count]`.
  struct Line {
    enum Cell { case assign, comment }
    var first: Int
    var count: Int
    var indent: Int
    /// Position in the line of the `=` starting the assign cell (a single-line attribute).
    var assignIndex: Int?
    /// Position in the line of the trailing comment.
    var commentIndex: Int?

    func position(of cell: Cell) -> Int? {
      switch cell {
      case .assign: assignIndex
      case .comment: commentIndex
      }
    }
  }

  let bytes: [UInt8]
  var output: [UInt8] = []
  /// Pieces of the waiting lines, then of the line being read (from ``lineStart``).
  var pieces: [FormatPiece] = []
  var lineStart = 0
  var lines: [Line] = []
  /// End of the previous token read (for ``FormatPiece/hadSpaceBefore``).
  var previousEnd = 0
  /// The kind of the first piece read.
  var firstKind: TokenKind?

  // Blank lines: whether a non-blank line was written, its bracket change, blank lines read since.
  var hasPreviousLine = false
  var previousNet = 0
  var hadBlankLine = false
  // Blank line after a multi-line top-level block: bracket depth, whether the open top-level item
  // is a block (its first line has no `=`), and whether the previous line closed one.
  var depth = 0
  var isBlock = false
  var needsBlankLine = false
  /// `hclwrite`'s indent stack: the net openers of each line that still has some open.
  var indentStack: [Int] = []

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
    output.reserveCapacity(bytes.count + bytes.count / 8)
    pieces.reserveCapacity(256)
    lines.reserveCapacity(64)
    indentStack.reserveCapacity(16)
  }

  // MARK: Pieces

  /// Reads `tokens` up to their first ``TokenKind/endOfFile``: templates become one piece each.
  mutating func add(_ tokens: [RawToken]) {
    var index = 0
    while index < tokens.count {
      let token = tokens[index]
      if token.kind == .endOfFile { break }
      if token.kind == .newline {
        endLine()
        previousEnd = token.endOffset
        index += 1
        continue
      }
      var end = token.endOffset
      var kind = token.kind
      if kind == .openQuote || kind == .openHeredoc {
        // Copy the whole template, nested templates included, verbatim.
        var nesting = 0
        var cursor = index
        while cursor < tokens.count {
          switch tokens[cursor].kind {
          case .openQuote, .openHeredoc: nesting += 1
          case .closeQuote, .closeHeredoc: nesting -= 1
          default: break
          }
          if tokens[cursor].kind != .endOfFile { end = tokens[cursor].endOffset }
          if nesting == 0 { break }
          cursor += 1
        }
        if kind == .openHeredoc, cursor < tokens.count, tokens[cursor].kind == .closeHeredoc {
          // HCL allows spaces after the closing marker; they are not content, so drop them.
          while end > token.startOffset, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        }
        index = cursor
      } else if kind == .closeQuote || kind == .closeHeredoc {
        kind = .invalid  // unbalanced: treat as opaque text
      }
      var start = token.startOffset
      if kind == .comment { end = trimmedCommentEnd(start: start, end: end) }
      start = min(start, end)
      let hadSpace = start > previousEnd && start > 0 && (bytes[start - 1] == 0x20 || bytes[start - 1] == 0x09)
      if pieces.count == lineStart { startLine(first: kind) }
      pieces.append(
        FormatPiece(
          kind: kind, hadSpaceBefore: hadSpace, isMultiline: Self.mayHoldNewline(kind) && contains(0x0A, start, end),
          start: start, end: end))
      previousEnd = token.endOffset
      index += 1
    }
  }

  /// Whether a piece of `kind` can span lines: templates, comments and literal or error text.
  /// Names, numbers and punctuation never do, so their bytes need no scan.
  private static func mayHoldNewline(_ kind: TokenKind) -> Bool {
    switch kind {
    case .openQuote, .openHeredoc, .closeQuote, .closeHeredoc, .quotedLiteral, .stringLiteral, .comment: true
    default: kind.isError
    }
  }

  private func contains(_ byte: UInt8, _ start: Int, _ end: Int) -> Bool {
    for offset in start..<end where bytes[offset] == byte { return true }
    return false
  }

  /// A `#` or `//` comment without trailing spaces, tabs or `\r`; other comments unchanged.
  private func trimmedCommentEnd(start: Int, end: Int) -> Int {
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

  // MARK: Lines

  /// Before the first piece of a non-blank line: at most one blank line, none at the start of the
  /// file, none right after a line that opens brackets or right before one that starts by closing
  /// one; but always one after a multi-line top-level block.
  private mutating func startLine(first kind: TokenKind) {
    if firstKind == nil { firstKind = kind }
    let keepsBlankLine = hadBlankLine && previousNet <= 0 && Formatter.bracketChange(kind) >= 0
    if needsBlankLine || keepsBlankLine {
      flush()
      output.append(0x0A)
    }
    hadBlankLine = false
    needsBlankLine = false
  }

  /// At a newline or the end of the input: lays out the line read since the last one.
  private mutating func endLine() {
    let first = lineStart
    let count = pieces.count - first
    guard count > 0 else {
      if hasPreviousLine { hadBlankLine = true }
      return
    }
    var net = 0
    var hasEqual = false
    var isMultiline = false
    for index in first..<pieces.count {
      let kind = pieces[index].kind
      net += Formatter.bracketChange(kind)
      hasEqual = hasEqual || kind == .equal
      isMultiline = isMultiline || pieces[index].isMultiline
    }
    // A multi-line top-level block (its first line has no `=`) ends at a line starting with `}`.
    if depth == 0, net > 0 { isBlock = !hasEqual }
    let depthBefore = depth
    depth = max(0, depth + net)
    needsBlankLine = depthBefore > 0 && depth == 0 && isBlock && pieces[first].kind == .closeBrace
    hasPreviousLine = true
    previousNet = net

    var line = Line(first: first, count: count, indent: indentation(net: net))
    for index in (first + 1)..<(first + count) {
      let before = index >= first + 2 ? pieces[index - 2] : nil
      pieces[index].spaces =
        Formatter.spaceAfter(pieces[index - 1], before: before, after: pieces[index], bytes: bytes) ? 1 : 0
    }
    if !isMultiline { findCells(&line) }
    lines.append(line)
    if line.assignIndex == nil && line.commentIndex == nil {
      flush()
    } else {
      lineStart = pieces.count
    }
  }

  /// The indent level of a line with bracket change `net`, and the stack updated for the lines
  /// after it: a line with net openers is indented like the lines before it and pushes its
  /// count; closers release levels as their openers close.
  private mutating func indentation(net: Int) -> Int {
    if net > 0 {
      indentStack.append(net)
      return indentStack.count - 1
    }
    var closed = -net
    while closed > 0, let top = indentStack.last {
      if closed >= top {
        closed -= top
        indentStack.removeLast()
      } else {
        indentStack[indentStack.count - 1] = top - closed
        closed = 0
      }
    }
    return indentStack.count
  }

  /// The trailing comment cell, and the assign cell: as `hclwrite`, the first `=` after the first
  /// piece starts it when the rest of the line closes every bracket it opens (so it is a whole
  /// single-line expression).
  private func findCells(_ line: inout Line) {
    var leadEnd = line.first + line.count
    if line.count > 1, pieces[leadEnd - 1].kind == .comment {
      line.commentIndex = line.count - 1
      leadEnd -= 1
    }
    guard line.count > 1 else { return }
    var equals = line.first + 1
    while equals < leadEnd, pieces[equals].kind != .equal { equals += 1 }
    guard equals < leadEnd else { return }
    var net = 0
    for index in equals..<leadEnd { net += Formatter.bracketChange(pieces[index].kind) }
    if net == 0 { line.assignIndex = equals - line.first }
  }

  // MARK: Alignment and output

  /// Aligns the waiting lines and writes them.
  private mutating func flush() {
    align(.assign)
    align(.comment)
    for line in lines { write(line) }
    lines.removeAll(keepingCapacity: true)
    pieces.removeAll(keepingCapacity: true)
    lineStart = 0
  }

  /// Aligns `cell` in runs of consecutive lines that have one (`hclwrite`'s
  /// `formatCells`): the cell's piece gets the spaces that put it one column after the widest
  /// text before it in the run.
  private mutating func align(_ cell: Line.Cell) {
    var runStart = 0
    while runStart < lines.count {
      guard lines[runStart].position(of: cell) != nil else {
        runStart += 1
        continue
      }
      var runEnd = runStart
      var widest = 0
      while runEnd < lines.count, let position = lines[runEnd].position(of: cell) {
        widest = max(widest, columns(lines[runEnd], before: position))
        runEnd += 1
      }
      for index in runStart..<runEnd {
        let line = lines[index]
        let position = line.position(of: cell)!
        pieces[line.first + position].spaces = Int32(widest - columns(line, before: position) + 1)
      }
      runStart = runEnd
    }
  }

  /// Columns from the line start to the end of its piece `position - 1` (Unicode scalars).
  private func columns(_ line: Line, before position: Int) -> Int {
    var total = line.indent * 2
    for index in line.first..<(line.first + position) {
      if index > line.first { total += Int(pieces[index].spaces) }
      for offset in pieces[index].start..<pieces[index].end where bytes[offset] & 0xC0 != 0x80 { total += 1 }
    }
    return total
  }

  /// Writes `line`. Pieces whose input is already laid out as the output (separated by the same
  /// spaces) are copied as one run: most of a file is written in a few copies per line.
  private mutating func write(_ line: Line) {
    appendSpaces(line.indent * 2)
    var copyStart = pieces[line.first].start
    var copyEnd = pieces[line.first].end
    for index in (line.first + 1)..<(line.first + line.count) {
      let piece = pieces[index]
      let spaces = Int(piece.spaces)
      if piece.start - copyEnd == spaces, isSpaces(copyEnd, piece.start) {
        copyEnd = piece.end
        continue
      }
      output.append(contentsOf: bytes[copyStart..<copyEnd])
      appendSpaces(spaces)
      copyStart = piece.start
      copyEnd = piece.end
    }
    output.append(contentsOf: bytes[copyStart..<copyEnd])
    output.append(0x0A)
  }

  private func isSpaces(_ start: Int, _ end: Int) -> Bool {
    for offset in start..<end where bytes[offset] != 0x20 { return false }
    return true
  }

  private mutating func appendSpaces(_ count: Int) {
    for _ in 0..<count { output.append(0x20) }
  }

  /// Whether the writer is between two lines at the top level with nothing left to align: what a
  /// fresh writer assumes, so another one can take over from here (see ``append(laidOut:firstKind:)``).
  var isAtTopLevel: Bool {
    lines.isEmpty && pieces.count == lineStart && depth == 0 && indentStack.isEmpty
  }

  /// Appends `laidOut`, the output of a fresh writer that read the tokens after the last newline
  /// this one read (`firstKind`: the kind of its first piece; nil when it read none), as if this
  /// writer had read them. Requires ``isAtTopLevel``: then the two differ only in the blank line
  /// between their outputs (the other writer started with the same depth and indent stack, and
  /// set `isBlock` on its first line that raised the depth, before any use).
  mutating func append(laidOut: [UInt8], firstKind: TokenKind?) {
    precondition(isAtTopLevel, "another writer can take over only at the top level")
    guard let firstKind else { return }
    startLine(first: firstKind)
    output.append(contentsOf: laidOut)
  }

  /// Lays out the last line (one without a final newline) and returns the output.
  mutating func finish() -> [UInt8] {
    endLine()
    flush()
    return output
  }
}
