/// Bodies, attributes and blocks (grammar.md "Structure").
extension SyntaxParser {
  /// body = { newline | attribute | block } ;
  ///
  /// `end` is `}` for a block body and EOF for the file. `start` is the first byte of the body.
  mutating func parseBody(end: TokenKind, start: Int, openBrace: SourceRange? = nil) -> Body {
    var items: [BodyItem] = []
    items.reserveCapacity(8)
    var names: [String: SourceRange]? = nil
    var bodyEnd = start
    while true {
      let before = index
      let next = peek
      if end == .endOfFile, index >= stopIndex {
        // The first half of a file parsed in two halves ends here (see `Parser.parse`).
        bodyEnd = next.startOffset
        break
      }
      if next.kind == end {
        bodyEnd = next.startOffset
        _ = read()
        break
      }
      switch next.kind {
      case .newline:
        _ = read()
        isRecovering = false
        continue
      case .identifier:
        // Every item starts on a fresh line (recovery always stops at a newline): a sync point.
        isRecovering = false
        let errorsBefore = errorCount
        guard let item = parseBodyItem() else { continue }
        if case .attribute(let attribute) = item {
          if let previous = previousDefinition(of: attribute.name, in: items, index: &names) {
            report(.duplicateAttribute(attribute.name, attribute.nameRange, previous: previous))
          }
        }
        if names != nil, case .attribute(let attribute) = item, names?[attribute.name] == nil {
          names?[attribute.name] = attribute.nameRange
        }
        items.append(item)
        if errorCount == errorsBefore { isRecovering = false }
      case .endOfFile:
        // Only a block body gets here (the file body ends at EOF above).
        if !isRecovering { report(.unclosedBlock(openBrace ?? range(next))) }
        bodyEnd = next.startOffset
        return Body(items: compacted(items), range: range(start, bodyEnd))
      default:
        if !isRecovering {
          report(
            next.kind == .openQuote
              ? .quotedAttributeName(range(next)) : .expectedBodyItem(range(next), isAfterName: false),
            about: next)
        }
        if end == .endOfFile {
          recoverAfterBodyItem()
        } else {
          // As hclsyntax: skip to this body's `}` and end the body there.
          let close = recover(to: end)
          bodyEnd = close.startOffset
          return Body(items: compacted(items), range: range(start, bodyEnd))
        }
      }
      precondition(index > before || peek.kind == end || peek.kind == .endOfFile, "body loop made no progress")
    }
    return Body(items: compacted(items), range: range(start, bodyEnd))
  }

  /// `items` without spare capacity. Bodies start with room for 8 items (fewer reallocations
  /// while parsing), but most nested blocks hold one to three, and the tree lives as long as the
  /// graph: an item is about 170 bytes, so the spare room was a quarter of a large
  /// configuration's memory (massif, validate of 1,000 groups).
  func compacted(_ items: [BodyItem]) -> [BodyItem] {
    guard items.capacity - items.count > 2 else { return items }
    return items.withUnsafeBufferPointer { Array($0) }
  }

  /// Where `name` was already set in this body, if it was. Small bodies are scanned (no
  /// allocation); from 16 items on, `index` holds every attribute name seen so far.
  func previousDefinition(of name: String, in items: [BodyItem], index: inout [String: SourceRange]?) -> SourceRange? {
    if index == nil {
      if items.count < 16 {
        for case .attribute(let attribute) in items where attribute.name == name { return attribute.nameRange }
        return nil
      }
      var built: [String: SourceRange] = [:]
      for case .attribute(let attribute) in items where built[attribute.name] == nil {
        built[attribute.name] = attribute.nameRange
      }
      index = built
    }
    return index?[name]
  }

  /// item = attribute | block ;  (both start with an identifier)
  mutating func parseBodyItem() -> BodyItem? {
    let name = read()
    switch peek.kind {
    case .equal:
      return .attribute(parseAttribute(name: name, isOneLine: false))
    case .openQuote, .openBrace, .identifier:
      return parseBlock(type: name).map { .block($0) }
    case .newline where nextLineStartsBlockBody():
      // `type "label"` then `{` on the next line: HCL requires the brace on the header line.
      report(.invalidBlockHeader(range(peek), found: .newline))
      recoverAfterBodyItem()
      return nil
    default:
      if !isRecovering { report(.expectedBodyItem(range(name), isAfterName: true), about: peek) }
      recoverAfterBodyItem()
      return nil
    }
  }

  /// Whether the next non-blank line starts with `{` (a block body placed under its header).
  func nextLineStartsBlockBody() -> Bool {
    var position = index
    while tokens[position].kind == .newline || tokens[position].kind == .comment { position += 1 }
    return tokens[position].kind == .openBrace
  }

  /// attribute = identifier "=" expression newline ;
  ///
  /// In a one-line block the closing `}` ends the attribute instead of a newline.
  mutating func parseAttribute(name: RawToken, isOneLine: Bool) -> Attribute {
    let equals = read()
    let errorsBefore = errorCount
    let expression = parseExpression()
    if isRecovering && errorCount > errorsBefore {
      recoverAfterBodyItem()
    } else if !isOneLine {
      let next = peek
      if next.kind == .newline || next.kind == .endOfFile {
        _ = read()
      } else {
        if !isRecovering {
          report(.missingNewlineAfterAttribute(range(next), isComma: next.kind == .comma), about: next)
        }
        recoverAfterBodyItem()
      }
    }
    let end = Swift.max(expression.range.end, name.endOffset)
    return Attribute(
      name: text(name), nameRange: range(name), equalsRange: range(equals), expression: expression,
      range: range(name.startOffset, end))
  }

  /// block = identifier { string-label | identifier } "{" ( newline body | one-line-body ) "}" newline ;
  mutating func parseBlock(type: RawToken) -> Block? {
    var labels: [BlockLabel] = []
    var openBrace: RawToken
    while true {
      let next = peek
      switch next.kind {
      case .openBrace:
        openBrace = read()
      case .openQuote:
        labels.append(parseStringLabel())
        continue
      case .identifier:
        _ = read()
        labels.append(BlockLabel(value: text(next), range: range(next), isQuoted: false))
        continue
      default:
        if !isRecovering || next.kind == .equal || next.kind == .newline {
          report(.invalidBlockHeader(range(next), found: next.kind))
        }
        recoverAfterBodyItem()
        let end = labels.last?.range.end ?? type.endOffset
        return Block(
          type: text(type), typeRange: range(type), labels: labels, body: Body(items: [], range: range(end, end)),
          openBraceRange: range(type), closeBraceRange: range(end, end), range: range(type.startOffset, end))
      }
      break
    }
    depth += 1
    defer { depth -= 1 }
    if depth > Parser.maximumNestingDepth {
      _ = abandonForDepth()
      let end = lastEnd
      return Block(
        type: text(type), typeRange: range(type), labels: labels, body: Body(items: [], range: range(end, end)),
        openBraceRange: range(openBrace), closeBraceRange: range(end, end), range: range(type.startOffset, end))
    }
    let body: Body
    switch peek.kind {
    case .newline, .endOfFile, .closeBrace:
      body = parseBody(end: .closeBrace, start: openBrace.endOffset, openBrace: range(openBrace))
    default:
      body = parseOneLineBody(openBrace: openBrace)
    }
    let closeEnd = lastEnd
    let closeBrace = range(Swift.max(openBrace.endOffset, closeEnd - 1), closeEnd)
    let next = peek
    if next.kind == .newline || next.kind == .endOfFile {
      _ = read()
    } else {
      if !isRecovering { report(.missingNewlineAfterBlock(range(next))) }
      recoverAfterBodyItem()
    }
    return Block(
      type: text(type), typeRange: range(type), labels: labels, body: body, openBraceRange: range(openBrace),
      closeBraceRange: closeBrace, range: range(type.startOffset, closeEnd))
  }

  /// one-line-body = [ identifier "=" expression ] ;  then "}" on the same line.
  ///
  /// HCL: a block whose `{` is followed by anything but a newline holds exactly one attribute and
  /// must close on the same line; a nested block or a second attribute is an error.
  mutating func parseOneLineBody(openBrace: RawToken) -> Body {
    let name = read()
    var items: [BodyItem] = []
    guard name.kind == .identifier else {
      if !isRecovering { report(.expectedBodyItem(range(name), isAfterName: false)) }
      recoverAfterBodyItem()
      return Body(items: [], range: range(openBrace.endOffset, lastEnd))
    }
    let next = peek
    switch next.kind {
    case .equal:
      let attribute = parseAttribute(name: name, isOneLine: true)
      items.append(.attribute(attribute))
    case .openQuote, .openBrace, .identifier:
      report(
        .invalidOneLineBlock(
          range(name.startOffset, next.endOffset), detail: "a one-line block cannot hold a nested block"))
      recoverAfterBodyItem()
      return Body(items: [], range: range(openBrace.endOffset, lastEnd))
    default:
      if !isRecovering { report(.expectedBodyItem(range(name), isAfterName: true)) }
      recoverAfterBodyItem()
      return Body(items: [], range: range(openBrace.endOffset, lastEnd))
    }
    let close = peek
    switch close.kind {
    case .closeBrace:
      _ = read()
    case .comma:
      report(.invalidOneLineBlock(range(close), detail: "a one-line block holds only one attribute"))
      recover(to: .closeBrace)
    case .newline:
      report(.invalidOneLineBlock(range(close), detail: "a one-line block must close on the same line"))
      recover(to: .closeBrace)
    case .endOfFile:
      if !isRecovering { report(.unclosedBlock(range(openBrace))) }
      recover(to: .closeBrace)
    default:
      if !isRecovering {
        report(.invalidOneLineBlock(range(close), detail: "expected `}` after the attribute"))
      }
      recover(to: .closeBrace)
    }
    return Body(items: items, range: range(openBrace.endOffset, Swift.max(openBrace.endOffset, lastEnd - 1)))
  }
}
