/// Quoted templates, heredocs, block labels and template directives (grammar.md "Templates").
///
/// As in hclsyntax, a template is read in two passes: first a flat list of template tokens
/// (literal text with escapes decoded and strip markers applied, interpolations, directive
/// markers), then `<<-` indentation trimming and the nesting of `%{if}`/`%{for}` into parts.
extension SyntaxParser {
  /// One item of the flat first pass.
  enum TemplateItem {
    case literal(text: [UInt8], start: Int, end: Int)
    case interpolation(Expression, SourceRange)
    case ifOpen(Expression, SourceRange)
    case forOpen(key: String?, value: String, collection: Expression, SourceRange)
    case elseMarker(SourceRange)
    case endIf(SourceRange)
    case endFor(SourceRange)
  }

  /// template = quoted-template | heredoc ;
  /// quoted-template = '"' { literal | interpolation | directive } '"' ;
  /// heredoc = "<<" [ "-" ] identifier newline { literal | interpolation | directive } marker newline ;
  mutating func parseTemplate() -> Expression {
    let open = read()
    let isHeredoc = open.kind == .openHeredoc
    let end: TokenKind = isHeredoc ? .closeHeredoc : .closeQuote
    let isFlush = isHeredoc && bytes[open.startOffset + 2] == 0x2D
    var items = parseTemplateItems(open: open, end: end, isQuoted: !isHeredoc)
    if isFlush { trimHeredocIndentation(&items) }
    let closeEnd = lastEnd
    var position = 0
    let parts = buildTemplateParts(items, &position, until: nil)
    return Expression(.template(Template(parts: parts, isHeredoc: isHeredoc)), range(open.startOffset, closeEnd))
  }

  /// The first pass: reads up to and including the closing `"` or heredoc marker.
  mutating func parseTemplateItems(open: RawToken, end: TokenKind, isQuoted: Bool) -> [TemplateItem] {
    var items: [TemplateItem] = []
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
        var text = decodeLiteral(next, isQuoted: next.kind == .quotedLiteral)
        if trimsStart { Self.trimLeadingSpace(&text) }
        items.append(.literal(text: text, start: next.startOffset, end: next.endOffset))
        nextCanTrimPrevious = true
      case .templateInterpolation:
        if canTrimPrevious && next.endOffset - next.startOffset == 3 { trimPreviousLiteral(&items) }
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
        items.append(.interpolation(expression, range(next.startOffset, closeEnd)))
      case .templateControl:
        if canTrimPrevious && next.endOffset - next.startOffset == 3 { trimPreviousLiteral(&items) }
        let saved = includesNewlines
        includesNewlines = false
        defer { includesNewlines = saved }
        if let item = parseDirective(open: next) {
          items.append(item)
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
        if !isRecovering { report(.unterminatedTemplate(range(open), isHeredoc: !isQuoted)) }
        recover(to: end)
        return items.isEmpty ? [.literal(text: [], start: open.endOffset, end: open.endOffset)] : items
      }
    }
    if items.isEmpty { items.append(.literal(text: [], start: open.endOffset, end: open.endOffset)) }
    return items
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
  func trimPreviousLiteral(_ items: inout [TemplateItem]) {
    guard let last = items.last, case .literal(var text, let start, let end) = last else { return }
    Self.trimTrailingSpace(&text)
    items[items.count - 1] = .literal(text: text, start: start, end: end)
  }

  // MARK: - Heredoc indentation

  /// `<<-`: removes the smallest indentation of any line from every line (hclsyntax's
  /// flushHeredocTemplateParts). Blank lines do not count; a line starting with an interpolation
  /// counts as unindented. Applied to literal tokens, before neighbouring literals are joined.
  func trimHeredocIndentation(_ items: inout [TemplateItem]) {
    var minimum = Int.max
    var isAtLineStart = true
    var adjust: [Int] = []
    for (position, item) in items.enumerated() {
      if isAtLineStart {
        isAtLineStart = false
        var spaces = 0
        if case .literal(let text, _, _) = item {
          let (count, byteCount) = Self.leadingSpace(text)
          if byteCount == text.count && text.last == 0x0A {
            spaces = Int.max
          } else {
            spaces = count
            adjust.append(position)
          }
        }
        minimum = Swift.min(minimum, spaces)
      }
      if case .literal(let text, _, _) = item, text.last == 0x0A { isAtLineStart = true }
    }
    guard minimum != Int.max, minimum > 0 else { return }
    for position in adjust {
      guard case .literal(let text, let start, let end) = items[position] else { continue }
      let byteCount = Self.byteCount(ofLeadingSpaceCharacters: minimum, in: text)
      items[position] = .literal(text: Array(text[byteCount...]), start: Swift.min(end, start + byteCount), end: end)
    }
  }

  // MARK: - Nesting directives

  /// The second pass: nests `%{if}`/`%{for}` bodies, joins adjacent literals.
  mutating func buildTemplateParts(_ items: [TemplateItem], _ position: inout Int, until opener: TemplateItem?)
    -> [TemplatePart]
  {
    var parts: [TemplatePart] = []
    var pendingText: [UInt8] = []
    var pendingStart = -1
    var pendingEnd = -1
    func flush(_ parts: inout [TemplatePart]) {
      if pendingStart >= 0 {
        parts.append(.literal(String(decoding: pendingText, as: UTF8.self), range(pendingStart, pendingEnd)))
        pendingText.removeAll(keepingCapacity: true)
        pendingStart = -1
      }
    }
    while position < items.count {
      let item = items[position]
      switch item {
      case .literal(let text, let start, let end):
        if pendingStart < 0 { pendingStart = start }
        pendingText.append(contentsOf: text)
        pendingEnd = end
        position += 1
      case .interpolation(let expression, let itemRange):
        flush(&parts)
        parts.append(.interpolation(expression, itemRange))
        position += 1
      case .ifOpen(let condition, let openRange):
        flush(&parts)
        position += 1
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maximumNestingDepth {
          _ = abandonForDepth()
          position = items.count
          return parts
        }
        let thenParts = buildTemplateParts(items, &position, until: item)
        var elseParts: [TemplatePart]?
        var closeRange = openRange
        if position < items.count, case .elseMarker = items[position] {
          position += 1
          elseParts = buildTemplateParts(items, &position, until: item)
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
        parts.append(.ifDirective(condition: condition, then: thenParts, else: elseParts, range: openRange.union(closeRange)))
      case .forOpen(let key, let value, let collection, let openRange):
        flush(&parts)
        position += 1
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maximumNestingDepth {
          _ = abandonForDepth()
          position = items.count
          return parts
        }
        let body = buildTemplateParts(items, &position, until: item)
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
          flush(&parts)
          return parts
        }
        reportUnexpectedDirective(item, expected: nil)
        position += 1
      }
    }
    flush(&parts)
    return parts
  }

  mutating func reportUnexpectedDirective(_ item: TemplateItem, expected: String?) {
    let (name, itemRange): (String, SourceRange) =
      switch item {
      case .elseMarker(let r): ("else", r)
      case .endIf(let r): ("endif", r)
      case .endFor(let r): ("endfor", r)
      default: ("directive", range(0, 0))
      }
    let detail = expected.map { "expected \($0), found `%{\(name)}`" } ?? "`%{\(name)}` without a matching opening directive"
    report(.invalidDirective(itemRange, detail: detail))
  }
}
