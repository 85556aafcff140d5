/// Operators, conditionals, traversals and terms (grammar.md "Expressions").
extension SyntaxParser {
  /// expression = conditional ;
  ///
  /// Every nesting level passes through here, so this is where depth is limited.
  mutating func parseExpression() -> Expression {
    depth += 1
    defer { depth -= 1 }
    if depth > Parser.maximumNestingDepth { return abandonForDepth() }
    return parseConditional()
  }

  /// conditional = binary [ "?" expression ":" expression ] ;
  mutating func parseConditional() -> Expression {
    let errorsBefore = errorCount
    let condition = parseBinary(minimumLevel: 0)
    if isRecovering && errorCount > errorsBefore { return condition }
    guard peek.kind == .question else { return condition }
    _ = read()
    let whenTrue = parseExpression()
    if isRecovering && errorCount > errorsBefore { return condition }
    let colon = peek
    guard colon.kind == .colon else {
      report(.missingFalseExpression(range(colon)))
      return condition
    }
    _ = read()
    let whenFalse = parseExpression()
    if isRecovering && errorCount > errorsBefore { return condition }
    return Expression(
      .conditional(condition, whenTrue, whenFalse), range(condition.range.start, whenFalse.range.end))
  }

  /// binary = unary { binary-operator unary } ;  with HCL's six precedence levels, left-associative:
  /// `||` < `&&` < `== !=` < `< > <= >=` < `+ -` < `* / %`.
  mutating func parseBinary(minimumLevel: Int) -> Expression {
    let errorsBefore = errorCount
    var left = parseUnary()
    if isRecovering && errorCount > errorsBefore { return left }
    // Each operator of a left-associative chain nests the tree one level deeper, so it counts.
    let depthBefore = depth
    defer { depth = depthBefore }
    while true {
      let token = peek
      guard let (operation, level) = Self.binaryOperator(token.kind), level >= minimumLevel else { break }
      _ = read()
      depth += 1
      if depth > Parser.maximumNestingDepth { return abandonForDepth() }
      let right = parseBinary(minimumLevel: level + 1)
      if isRecovering && errorCount > errorsBefore { return left }
      left = Expression(.binary(operation, left, right), range(left.range.start, right.range.end))
    }
    return left
  }

  @inline(__always) static func binaryOperator(_ kind: TokenKind) -> (BinaryOperator, Int)? {
    switch kind {
    case .or: (.or, 0)
    case .and: (.and, 1)
    case .equalOperator: (.equal, 2)
    case .notEqual: (.notEqual, 2)
    case .lessThan: (.less, 3)
    case .lessThanOrEqual: (.lessOrEqual, 3)
    case .greaterThan: (.greater, 3)
    case .greaterThanOrEqual: (.greaterOrEqual, 3)
    case .plus: (.add, 4)
    case .minus: (.subtract, 4)
    case .star: (.multiply, 5)
    case .slash: (.divide, 5)
    case .percent: (.modulo, 5)
    default: nil
    }
  }

  /// unary = ( "-" | "!" ) unary | traversal ;
  ///
  /// HCL binds a unary operator to a term with its traversals only: `-a.b + c` is `(-(a.b)) + c`.
  mutating func parseUnary() -> Expression {
    let token = peek
    let operation: UnaryOperator
    switch token.kind {
    case .minus: operation = .negate
    case .bang: operation = .not
    default: return parseTraversal()
    }
    _ = read()
    depth += 1
    defer { depth -= 1 }
    if depth > Parser.maximumNestingDepth { return abandonForDepth() }
    let operand = parseUnary()
    return Expression(.unary(operation, operand), range(token.startOffset, operand.range.end))
  }

  /// traversal = term { "." identifier | "." number | "." "*" { "." ( identifier | number ) }
  ///                  | "[" "*" "]" { traversal-step } | "[" expression "]" } ;
  mutating func parseTraversal() -> Expression {
    let term = parseTerm()
    return parseTraversalSteps(from: term)
  }

  mutating func parseTraversalSteps(from start: Expression) -> Expression {
    var result = start
    let from = start.range.start
    // Each step nests the tree one level deeper (`a.b.c` is `(a.b).c`), so it counts.
    let depthBefore = depth
    defer { depth = depthBefore }
    while true {
      depth += 1
      if depth > Parser.maximumNestingDepth { return abandonForDepth() }
      let next = peek
      switch next.kind {
      case .dot:
        let dot = read()
        let step = peek
        switch step.kind {
        case .identifier:
          _ = read()
          result = Expression(
            .getAttribute(result, name: text(step), nameRange: range(step)), range(from, step.endOffset))
        case .number:
          _ = read()
          result = Expression(.index(result, key: legacyIndexKey(step), isLegacy: true), range(from, step.endOffset))
        case .star:
          let star = read()
          result = parseAttributeSplat(source: result, from: from, dot: dot, star: star)
        default:
          report(.expectedAttributeName(range(step)))
          isRecovering = true
          result = Expression(.invalid, range(from, dot.endOffset))
        }
      case .openBracket:
        let open = read()
        if peek.kind == .star {
          _ = read()
          var close = read()
          if close.kind != .closeBracket {
            if !isRecovering { report(.missingClosingDelimiter(range(close), expected: "]", opening: range(open))) }
            close = recover(to: .closeBracket)
          }
          let element = Expression(.splatElement, range(open.startOffset, close.endOffset))
          let each = parseTraversalSteps(from: element)
          result = Expression(.splat(result, each: each, isFull: true), range(from, each.range.end))
        } else {
          let saved = includesNewlines
          includesNewlines = false
          let errorsBefore = errorCount
          let key = parseExpression()
          var close: RawToken
          if isRecovering && errorCount > errorsBefore {
            close = recover(to: .closeBracket)
          } else {
            close = read()
            if close.kind != .closeBracket {
              if !isRecovering { report(.missingClosingDelimiter(range(close), expected: "]", opening: range(open))) }
              close = recover(to: .closeBracket)
            }
          }
          includesNewlines = saved
          result = Expression(.index(result, key: key, isLegacy: false), range(from, close.endOffset))
        }
      default:
        return result
      }
    }
  }

  /// `.*` followed by `.name` and legacy `.0` steps only (HCL's attribute-only splat).
  mutating func parseAttributeSplat(source: Expression, from: Int, dot: RawToken, star: RawToken) -> Expression {
    let element = Expression(.splatElement, range(dot.startOffset, star.endOffset))
    var each = element
    var last = star.endOffset
    let depthBefore = depth
    defer { depth = depthBefore }
    while peek.kind == .dot {
      depth += 1
      if depth > Parser.maximumNestingDepth { return abandonForDepth() }
      _ = read()
      let step = peek
      if step.kind == .number {
        _ = read()
        each = Expression(
          .index(each, key: legacyIndexKey(step), isLegacy: true), range(each.range.start, step.endOffset))
        last = step.endOffset
        continue
      }
      guard step.kind == .identifier else {
        if !isRecovering {
          report(step.kind == .star ? .nestedSplat(range(step)) : .expectedAttributeName(range(step)))
        }
        isRecovering = true
        break
      }
      _ = read()
      each = Expression(
        .getAttribute(each, name: text(step), nameRange: range(step)), range(each.range.start, step.endOffset))
      last = step.endOffset
    }
    return Expression(.splat(source, each: each, isFull: false), range(from, last))
  }

  /// The key of a legacy index `.0`; `x.0.1` lexes `0.1` as one number and is rejected.
  mutating func legacyIndexKey(_ token: RawToken) -> Expression {
    if let dot = bytes[token.startOffset..<token.endOffset].firstIndex(of: 0x2E) {
      let first = String(decoding: bytes[token.startOffset..<dot], as: UTF8.self)
      let second = String(decoding: bytes[(dot + 1)..<token.endOffset], as: UTF8.self)
      report(.chainedLegacyIndex(range(token), first: first, second: second))
      return Expression(.invalid, range(token))
    }
    return parseNumberLiteral(token)
  }

  /// term = number | "true" | "false" | "null" | identifier | call | template | heredoc
  ///      | tuple | object | for | "(" expression ")" ;
  mutating func parseTerm() -> Expression {
    let token = peek
    switch token.kind {
    case .openParenthesis:
      return parseParenthesized()
    case .number:
      _ = read()
      return parseNumberLiteral(token)
    case .identifier:
      _ = read()
      if peek.kind == .openParenthesis { return parseCall(name: token) }
      let tokenRange = range(token)
      if isKeyword(token, "true") { return Expression(.bool(true), tokenRange) }
      if isKeyword(token, "false") { return Expression(.bool(false), tokenRange) }
      if isKeyword(token, "null") { return Expression(.null, tokenRange) }
      return Expression(.variable(text(token)), tokenRange)
    case .openQuote, .openHeredoc:
      return parseTemplate()
    case .openBracket:
      return parseTuple()
    case .openBrace:
      return parseObject()
    case .minus, .bang:
      return parseUnary()
    default:
      if !isRecovering {
        report(.expectedExpression(range(token), isEndOfFile: token.kind == .endOfFile), about: token)
      }
      isRecovering = true
      return Expression(.invalid, range(token))
    }
  }

  /// "(" expression ")" — newlines are insignificant inside.
  mutating func parseParenthesized() -> Expression {
    let open = read()
    let saved = includesNewlines
    includesNewlines = false
    defer { includesNewlines = saved }
    let errorsBefore = errorCount
    let inner = parseExpression()
    if errorCount > errorsBefore {
      recover(to: .closeParenthesis)
      return inner
    }
    let close = peek
    if close.kind != .closeParenthesis {
      report(.missingClosingDelimiter(range(close), expected: ")", opening: range(open)))
      isRecovering = true
    }
    let closeToken = read()
    return Expression(.parenthesized(inner), range(open.startOffset, closeToken.endOffset))
  }

  /// number = digit { digit } [ "." digit { digit } ] [ ( "e" | "E" ) [ "+" | "-" ] digit { digit } ] ;
  ///
  /// The lexer takes any run of digits, dots and exponents (as hclsyntax does); a run that is not a
  /// number (`1.2.3`) is rejected here. `1.e5` is accepted, as Go's number parser does.
  mutating func parseNumberLiteral(_ token: RawToken) -> Expression {
    var offset = token.startOffset
    let end = token.endOffset
    while offset < end, ByteClass.isDigit(bytes[offset]) { offset += 1 }
    if offset < end, bytes[offset] == 0x2E {
      offset += 1
      while offset < end, ByteClass.isDigit(bytes[offset]) { offset += 1 }
    }
    if offset < end, bytes[offset] | 0x20 == 0x65 {
      offset += 1
      if offset < end, bytes[offset] == 0x2B || bytes[offset] == 0x2D { offset += 1 }
      let digits = offset
      while offset < end, ByteClass.isDigit(bytes[offset]) { offset += 1 }
      if offset == digits { offset = -1 }
    }
    guard offset == end else {
      report(.invalidNumber(range(token)))
      return Expression(.invalid, range(token))
    }
    return Expression(.number(text(token)), range(token))
  }
}
