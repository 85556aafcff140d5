/// Quoted templates, heredocs, block labels and template directives (grammar.md "Templates").
///
/// As in hclsyntax, a template is read in two passes: first a flat list of template tokens
/// (literal text with escapes decoded and strip markers applied, interpolations, directive
/// markers), then `<<-` indentation trimming and the nesting of `%{if}`/`%{for}` into parts.
extension SyntaxParser {
  /// One item of the flat first pass.
  enum TemplateItem {
    case literal(LiteralPiece)
    case interpolation(Expression, SourceRange)
    case ifOpen(Expression, SourceRange)
    case forOpen(key: String?, value: String, collection: Expression, SourceRange)
    case elseMarker(SourceRange)
    case endIf(SourceRange)
    case endFor(SourceRange)
  }

  /// Literal text of one token: the source bytes `textStart..<textEnd`, unless `decoded` holds the
  /// text (escapes were decoded). `start..<end` is its source range. Avoids copying plain text.
  struct LiteralPiece {
    var decoded: [UInt8]?
    var textStart: Int
    var textEnd: Int
    var start: Int
    var end: Int

    static func empty(at offset: Int) -> LiteralPiece {
      LiteralPiece(decoded: nil, textStart: offset, textEnd: offset, start: offset, end: offset)
    }
  }

  /// template = quoted-template | heredoc ;
  /// quoted-template = '"' { literal | interpolation | directive } '"' ;
  /// heredoc = "<<" [ "-" ] identifier newline { literal | interpolation | directive } marker newline ;
  mutating func parseTemplate() -> Expression {
    let open = read()
    let isHeredoc = open.kind == .openHeredoc
    let end: TokenKind = isHeredoc ? .closeHeredoc : .closeQuote
    let isFlush = isHeredoc && bytes[open.startOffset + 2] == 0x2D
    let base = templateScratch.count
    let errorsBefore = errorCount
    parseTemplateItems(open: open, end: end, isQuoted: !isHeredoc)
    // After an error inside the template, unbalanced directives are follow-on noise.
    let savedRecovering = isRecovering
    if errorCount > errorsBefore { isRecovering = true }
    defer { if errorCount == errorsBefore { isRecovering = savedRecovering } }
    if isFlush { trimHeredocIndentation(from: base) }
    let closeEnd = lastEnd
    var position = base
    let parts = buildTemplateParts(&position, until: nil)
    templateScratch.removeSubrange(base...)
    return Expression(.template(Template(parts: parts, isHeredoc: isHeredoc)), range(open.startOffset, closeEnd))
  }

  /// The first pass: reads up to and including the closing `"` or heredoc marker.
  mutating func parseTemplateItems(open: RawToken, end: TokenKind, isQuoted: Bool) {
    let base = templateScratch.count
    var trimsNextStart = false
    var nextCanTrimPrevious = false
    while true {
      let next = read()
      if next.kind == end { break }
      let trimsStart = trimsNextStart
      trimsNextStart = false
      let canTrimPrevious = nextCanTrimPrevious
      nextCanTrimPrevious = false
      switch next.kind {
      case .quotedLiteral, .stringLiteral:
        var piece = LiteralPiece(
          decoded: decodeLiteral(next, isQuoted: next.kind == .quotedLiteral), textStart: next.startOffset,
          textEnd: next.endOffset, start: next.startOffset, end: next.endOffset)
        if trimsStart { trimLeadingSpace(&piece) }
        templateScratch.append(.literal(piece))
        nextCanTrimPrevious = true
      case .templateInterpolation:
        if canTrimPrevious && next.endOffset - next.startOffset == 3 { trimPreviousLiteral(base: base) }
        let saved = includesNewlines
        includesNewlines = false
        let expression = parseExpression()
        let close = peek
        var closeEnd = close.endOffset
        if close.kind != .templateSequenceEnd {
          if !isRecovering {
            if close.kind == .endOfFile || ((close.kind == .closeQuote || close.kind == .openQuote) && isQuoted) {
              report(.unclosedSequence(range(next)))
            } else {
              report(.unclosedSequence(range(close)))
            }
          }
          closeEnd = recover(to: .templateSequenceEnd).endOffset
        } else {
          _ = read()
          if close.endOffset - close.startOffset == 2 { trimsNextStart = true }
        }
        includesNewlines = saved
        templateScratch.append(.interpolation(expression, range(next.startOffset, closeEnd)))
      case .templateControl:
        if canTrimPrevious && next.endOffset - next.startOffset == 3 { trimPreviousLiteral(base: base) }
        let saved = includesNewlines
        includesNewlines = false
        defer { includesNewlines = saved }
        if let item = parseDirective(open: next) {
          templateScratch.append(item)
          let close = peek
          if close.kind != .templateSequenceEnd {
            if !isRecovering { report(.unclosedSequence(range(close))) }
            recover(to: .templateSequenceEnd)
          } else {
            _ = read()
            if close.endOffset - close.startOffset == 2 { trimsNextStart = true }
          }
        }
      default:
        if !isRecovering { report(.unterminatedTemplate(range(open), isHeredoc: !isQuoted), about: next) }
        recover(to: end)
        if templateScratch.count == base { templateScratch.append(.literal(.empty(at: open.endOffset))) }
        return
      }
    }
    if templateScratch.count == base { templateScratch.append(.literal(.empty(at: open.endOffset))) }
  }

  /// directive = "%{" ( "if" expression | "else" | "endif" | "for" for-names "in" expression | "endfor" ) "}" ;
  ///
  /// Reads from the keyword to just before the closing `}`; nil after an error (already recovered).
  mutating func parseDirective(open: RawToken) -> TemplateItem? {
    let keyword = peek
    guard keyword.kind == .identifier else {
      if !isRecovering {
        report(.invalidDirective(range(keyword), detail: "expected `if`, `else`, `endif`, `for` or `endfor`"))
      }
      recover(to: .templateSequenceEnd)
      return nil
    }
    _ = read()
    func markerRange(_ parser: SyntaxParser) -> SourceRange {
      parser.range(open.startOffset, parser.peek.endOffset)
    }
    if isKeyword(keyword, "if") {
      let condition = parseExpression()
      return .ifOpen(condition, markerRange(self))
    }
    if isKeyword(keyword, "else") { return .elseMarker(markerRange(self)) }
    if isKeyword(keyword, "endif") { return .endIf(markerRange(self)) }
    if isKeyword(keyword, "endfor") { return .endFor(markerRange(self)) }
    if isKeyword(keyword, "for") {
      guard peek.kind == .identifier else {
        if !isRecovering { report(.invalidFor(range(peek), detail: "expected a variable name after `for`")) }
        recover(to: .templateSequenceEnd)
        return nil
      }
      var value = text(read())
      var key: String?
      if peek.kind == .comma {
        _ = read()
        guard peek.kind == .identifier else {
          if !isRecovering { report(.invalidFor(range(peek), detail: "expected a value variable name after `,`")) }
          recover(to: .templateSequenceEnd)
          return nil
        }
        key = value
        value = text(read())
      }
      guard isKeyword(peek, "in") else {
        if !isRecovering { report(.invalidFor(range(peek), detail: "expected `in` after the variable names")) }
        recover(to: .templateSequenceEnd)
        return nil
      }
      _ = read()
      let collection = parseExpression()
      return .forOpen(key: key, value: value, collection: collection, markerRange(self))
    }
    if !isRecovering {
      let given = text(keyword)
      let suggestion = ["if", "for", "else", "endif", "endfor"].first { Self.editDistance($0, given) <= 2 }
      report(
        .invalidDirective(
          range(keyword), detail: "`\(given)` is not a template directive",
          help: suggestion.map { "did you mean `\($0)`?" }))
    }
    recover(to: .templateSequenceEnd)
    return nil
  }

  /// `${~` / `%{~`: trims trailing white space from the literal just before.
  mutating func trimPreviousLiteral(base: Int) {
    guard templateScratch.count > base, case .literal(var piece) = templateScratch[templateScratch.count - 1] else {
      return
    }
    trimTrailingSpace(&piece)
    templateScratch[templateScratch.count - 1] = .literal(piece)
  }

  // MARK: - Heredoc indentation

  /// `<<-`: removes the smallest indentation of any line from every line (hclsyntax's
  /// flushHeredocTemplateParts). Blank lines do not count; a line starting with an interpolation
  /// counts as unindented. Applied to literal tokens, before neighbouring literals are joined.
  mutating func trimHeredocIndentation(from base: Int) {
    var minimum = Int.max
    var isAtLineStart = true
    var adjust: [Int] = []
    for position in base..<templateScratch.count {
      let item = templateScratch[position]
      if isAtLineStart {
        isAtLineStart = false
        var spaces = 0
        if case .literal(let piece) = item {
          let (count, byteCount) = leadingSpace(piece)
          if byteCount == length(piece) && lastByte(piece) == 0x0A {
            spaces = Int.max
          } else {
            spaces = count
            adjust.append(position)
          }
        }
        minimum = Swift.min(minimum, spaces)
      }
      if case .literal(let piece) = item, lastByte(piece) == 0x0A { isAtLineStart = true }
    }
    guard minimum != Int.max, minimum > 0 else { return }
    for position in adjust {
      guard case .literal(var piece) = templateScratch[position] else { continue }
      let byteCount = byteCount(ofLeadingSpaceCharacters: minimum, in: piece)
      dropFirst(byteCount, of: &piece)
      piece.start = Swift.min(piece.end, piece.start + byteCount)
      templateScratch[position] = .literal(piece)
    }
  }

  // MARK: - Nesting directives

  /// The second pass: nests `%{if}`/`%{for}` bodies, joins adjacent literals.
  mutating func buildTemplateParts(_ position: inout Int, until opener: TemplateItem?) -> [TemplatePart] {
    var parts: [TemplatePart] = []
    // Adjacent literals are joined; a lone undecoded piece becomes a String straight from the source.
    var pending: LiteralPiece?
    var pendingText: [UInt8] = []
    var isJoining = false
    func flush(_ parser: SyntaxParser, _ parts: inout [TemplatePart]) {
      guard let piece = pending else { return }
      let text: String
      if isJoining {
        text = String(decoding: pendingText, as: UTF8.self)
        pendingText.removeAll(keepingCapacity: true)
      } else if let decoded = piece.decoded {
        text = String(decoding: decoded, as: UTF8.self)
      } else {
        text = String(decoding: parser.bytes[piece.textStart..<piece.textEnd], as: UTF8.self)
      }
      parts.append(.literal(text, parser.range(piece.start, piece.end)))
      pending = nil
      isJoining = false
    }
    let items = templateScratch
    while position < items.count {
      let item = items[position]
      switch item {
      case .literal(let piece):
        if var first = pending {
          if !isJoining {
            isJoining = true
            pendingText.append(contentsOf: first.decoded ?? Array(bytes[first.textStart..<first.textEnd]))
          }
          pendingText.append(contentsOf: piece.decoded ?? Array(bytes[piece.textStart..<piece.textEnd]))
          first.end = piece.end
          pending = first
        } else {
          pending = piece
        }
        position += 1
      case .interpolation(let expression, let itemRange):
        flush(self, &parts)
        parts.append(.interpolation(expression, itemRange))
        position += 1
      case .ifOpen(let condition, let openRange):
        flush(self, &parts)
        position += 1
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maximumNestingDepth {
          _ = abandonForDepth()
          position = items.count
          return parts
        }
        let thenParts = buildTemplateParts(&position, until: item)
        var elseParts: [TemplatePart]?
        var closeRange = openRange
        if position < items.count, case .elseMarker = items[position] {
          position += 1
          elseParts = buildTemplateParts(&position, until: item)
        }
        if position < items.count, case .endIf(let endRange) = items[position] {
          closeRange = endRange
          position += 1
        } else if position < items.count {
          reportUnexpectedDirective(items[position], expected: "`%{endif}`")
          position += 1
        } else {
          if !isRecovering { report(.invalidDirective(openRange, detail: "this `%{if}` has no `%{endif}`")) }
        }
        parts.append(
          .ifDirective(condition: condition, then: thenParts, else: elseParts, range: openRange.union(closeRange)))
      case .forOpen(let key, let value, let collection, let openRange):
        flush(self, &parts)
        position += 1
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maximumNestingDepth {
          _ = abandonForDepth()
          position = items.count
          return parts
        }
        let body = buildTemplateParts(&position, until: item)
        var closeRange = openRange
        if position < items.count, case .endFor(let endRange) = items[position] {
          closeRange = endRange
          position += 1
        } else if position < items.count {
          reportUnexpectedDirective(items[position], expected: "`%{endfor}`")
          position += 1
        } else {
          if !isRecovering { report(.invalidDirective(openRange, detail: "this `%{for}` has no `%{endfor}`")) }
        }
        parts.append(
          .forDirective(
            keyVariable: key, valueVariable: value, collection: collection, body: body,
            range: openRange.union(closeRange)))
      case .elseMarker, .endIf, .endFor:
        if opener != nil {
          flush(self, &parts)
          return parts
        }
        reportUnexpectedDirective(item, expected: nil)
        position += 1
      }
    }
    flush(self, &parts)
    return parts
  }

  mutating func reportUnexpectedDirective(_ item: TemplateItem, expected: String?) {
    guard !isRecovering else {
      errorCount += 1
      return
    }
    let (name, itemRange): (String, SourceRange) =
      switch item {
      case .elseMarker(let r): ("else", r)
      case .endIf(let r): ("endif", r)
      case .endFor(let r): ("endfor", r)
      default: ("directive", range(0, 0))
      }
    let detail =
      expected.map { "expected \($0), found `%{\(name)}`" } ?? "`%{\(name)}` without a matching opening directive"
    report(.invalidDirective(itemRange, detail: detail))
  }
}
