/// Calls, tuples, objects and `for` expressions (grammar.md "Collections").
extension SyntaxParser {
  /// call = identifier "(" [ expression { "," expression } [ "," | "..." ] ] ")" ;
  ///
  /// Newlines are insignificant inside the parentheses.
  mutating func parseCall(name: RawToken) -> Expression {
    let open = read()
    let saved = includesNewlines
    includesNewlines = false
    defer { includesNewlines = saved }
    var arguments: [Expression] = []
    var expandsFinal = false
    var closeEnd = open.endOffset
    while true {
      let before = index
      if peek.kind == .closeParenthesis {
        closeEnd = read().endOffset
        break
      }
      let errorsBefore = errorCount
      arguments.append(parseExpression())
      if isRecovering && errorCount > errorsBefore {
        let close = recover(to: .closeParenthesis)
        closeEnd = close.kind == .closeParenthesis ? close.endOffset : lastEnd
        break
      }
      let separator = read()
      if separator.kind == .closeParenthesis {
        closeEnd = separator.endOffset
        break
      }
      if separator.kind == .ellipsis {
        expandsFinal = true
        if peek.kind != .closeParenthesis {
          if !isRecovering { report(.misplacedExpansion(range(separator))) }
          closeEnd = recover(to: .closeParenthesis).endOffset
        } else {
          closeEnd = read().endOffset
        }
        break
      }
      if separator.kind != .comma {
        if separator.kind == .endOfFile {
          report(.missingClosingDelimiter(range(separator), expected: ")", opening: range(open)))
        } else {
          report(.missingSeparator(range(separator), expected: "`,` or `)`"))
        }
        closeEnd = recover(to: .closeParenthesis).endOffset
        break
      }
      if peek.kind == .closeParenthesis {
        closeEnd = read().endOffset
        break
      }
      precondition(index > before, "call loop made no progress")
    }
    return Expression(
      .call(name: text(name), nameRange: range(name), arguments: arguments, expandsFinal: expandsFinal),
      range(name.startOffset, closeEnd))
  }

  /// tuple = "[" [ expression { "," expression } [ "," ] ] "]" | for-tuple ;
  mutating func parseTuple() -> Expression {
    let open = read()
    let saved = includesNewlines
    includesNewlines = false
    defer { includesNewlines = saved }
    if isKeyword(peek, "for") { return parseFor(open: open) }
    var elements: [Expression] = []
    var closeEnd = open.endOffset
    while true {
      let before = index
      if peek.kind == .closeBracket {
        closeEnd = read().endOffset
        break
      }
      let errorsBefore = errorCount
      elements.append(parseExpression())
      if isRecovering && errorCount > errorsBefore {
        closeEnd = recover(to: .closeBracket).endOffset
        break
      }
      let next = peek
      if next.kind == .closeBracket {
        closeEnd = read().endOffset
        break
      }
      if next.kind != .comma {
        if !isRecovering {
          if next.kind == .endOfFile {
            report(.missingClosingDelimiter(range(next), expected: "]", opening: range(open)))
          } else {
            report(.missingSeparator(range(next), expected: "`,` or `]`"))
          }
        }
        closeEnd = recover(to: .closeBracket).endOffset
        break
      }
      _ = read()
      precondition(index > before, "tuple loop made no progress")
    }
    return Expression(.tuple(elements), range(open.startOffset, closeEnd))
  }

  /// object = "{" { object-item ( "," | newline ) } [ object-item ] "}" | for-object ;
  /// object-item = expression ( "=" | ":" ) expression ;
  ///
  /// Unlike tuples, objects are newline-sensitive: an item ends at a comma or a newline.
  mutating func parseObject() -> Expression {
    let open = read()
    let saved = includesNewlines
    includesNewlines = false
    let isFor = isKeyword(peek, "for")
    if isFor {
      defer { includesNewlines = saved }
      return parseFor(open: open)
    }
    includesNewlines = true
    defer { includesNewlines = saved }
    var items: [ObjectItem] = []
    var closeEnd = open.endOffset
    while true {
      let before = index
      let next = peek
      if next.kind == .newline {
        _ = read()
        continue
      }
      if next.kind == .closeBrace {
        closeEnd = read().endOffset
        break
      }
      let errorsBefore = errorCount
      let key = parseExpression()
      if isRecovering && errorCount > errorsBefore {
        closeEnd = recover(to: .closeBrace).endOffset
        break
      }
      let separator = peek
      if separator.kind != .equal && separator.kind != .colon {
        if !isRecovering {
          if separator.kind == .endOfFile {
            report(.missingClosingDelimiter(range(separator), expected: "}", opening: range(open)))
          } else {
            report(.missingObjectValue(range(separator)))
          }
        }
        closeEnd = recover(to: .closeBrace).endOffset
        break
      }
      _ = read()
      let value = parseExpression()
      items.append(ObjectItem(key: key, value: value))
      if isRecovering && errorCount > errorsBefore {
        closeEnd = recover(to: .closeBrace).endOffset
        break
      }
      let end = peek
      if end.kind == .closeBrace {
        closeEnd = read().endOffset
        break
      }
      if end.kind != .comma && end.kind != .newline {
        if !isRecovering {
          if end.kind == .endOfFile {
            report(.missingClosingDelimiter(range(end), expected: "}", opening: range(open)))
          } else {
            report(.missingSeparator(range(end), expected: "`,` or a newline"))
          }
        }
        closeEnd = recover(to: .closeBrace).endOffset
        break
      }
      _ = read()
      precondition(index > before, "object loop made no progress")
    }
    return Expression(.object(items), range(open.startOffset, closeEnd))
  }

  /// for-tuple  = "[" "for" for-intro expression [ "if" expression ] "]" ;
  /// for-object = "{" "for" for-intro expression "=>" expression [ "..." ] [ "if" expression ] "}" ;
  /// for-intro  = identifier [ "," identifier ] "in" expression ":" ;
  mutating func parseFor(open: RawToken) -> Expression {
    let saved = includesNewlines
    includesNewlines = false
    defer { includesNewlines = saved }
    _ = read()  // `for`
    let isObject = open.kind == .openBrace
    let closeKind: TokenKind = isObject ? .closeBrace : .closeBracket
    func fail(_ parser: inout SyntaxParser, _ detail: String) -> Expression {
      if !parser.isRecovering { parser.report(.invalidFor(parser.range(parser.peek), detail: detail)) }
      let close = parser.recover(to: closeKind)
      return Expression(.invalid, parser.range(open.startOffset, close.endOffset))
    }
    guard peek.kind == .identifier else { return fail(&self, "expected a variable name after `for`") }
    var valueVariable = text(read())
    var keyVariable: String?
    if peek.kind == .comma {
      _ = read()
      keyVariable = valueVariable
      guard peek.kind == .identifier else { return fail(&self, "expected a value variable name after `,`") }
      valueVariable = text(read())
    }
    guard isKeyword(peek, "in") else { return fail(&self, "expected `in` after the variable names") }
    _ = read()
    let errorsBefore = errorCount
    let collection = parseExpression()
    if isRecovering && errorCount > errorsBefore {
      let close = recover(to: closeKind)
      return Expression(.invalid, range(open.startOffset, close.endOffset))
    }
    guard peek.kind == .colon else { return fail(&self, "expected `:` after the collection") }
    _ = read()
    var value = parseExpression()
    var key: Expression?
    if peek.kind == .fatArrow {
      _ = read()
      key = value
      value = parseExpression()
    }
    if isRecovering && errorCount > errorsBefore {
      let close = recover(to: closeKind)
      return Expression(.invalid, range(open.startOffset, close.endOffset))
    }
    var ellipsis: RawToken?
    if peek.kind == .ellipsis { ellipsis = read() }
    var condition: Expression?
    if isKeyword(peek, "if") {
      _ = read()
      condition = parseExpression()
      if isRecovering && errorCount > errorsBefore {
        let close = recover(to: closeKind)
        return Expression(.invalid, range(open.startOffset, close.endOffset))
      }
    }
    var closeEnd: Int
    if peek.kind == closeKind {
      closeEnd = read().endOffset
    } else {
      if !isRecovering { report(.invalidFor(range(peek), detail: "unexpected characters after the `for` expression")) }
      closeEnd = recover(to: closeKind).endOffset
    }
    if !isObject {
      if let key { report(.invalidFor(key.range, detail: "a tuple `for` has no key expression")) }
      if let ellipsis { report(.invalidFor(range(ellipsis), detail: "grouping `...` needs an object `for`")) }
    } else if key == nil {
      report(.invalidFor(value.range, detail: "an object `for` needs a key: `key => value`"))
    }
    let expression = ForExpression(
      keyVariable: keyVariable, valueVariable: valueVariable, collection: collection, key: key, value: value,
      condition: condition, isGrouped: ellipsis != nil)
    return Expression(.forExpression(expression), range(open.startOffset, closeEnd))
  }
}
