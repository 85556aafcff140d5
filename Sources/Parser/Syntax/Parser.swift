import ImmplanSupport

/// The HCL native-syntax parser: tokens in, ``SyntaxFile`` plus diagnostics out.
///
/// Recursive descent, one `parseX()` per production of `grammar.md`, following `hclsyntax` v2.14
/// rule for rule: it accepts and rejects what `hclsyntax` does and builds the same structure. It
/// always returns a tree (``ExpressionKind/invalid`` where it could not read one), recovers at
/// newlines and matching closers, suppresses follow-on errors while recovering, and limits nesting
/// to ``maximumNestingDepth`` with its own diagnostic so no input can overflow the stack.
public enum Parser {
  /// The deepest nesting of expressions, blocks and template directives the parser accepts.
  ///
  /// 256 is far beyond hand-written configuration (real files nest fewer than 10 levels) while
  /// bounding every later recursive walk — binder, evaluator, `fmt`, encoders and the freeing of
  /// the tree. Measured stack use of the parser at 255 levels (release build): nested expressions
  /// fit in 512 KB, nested blocks need about 1 MB; a debug build needs up to 8 MB. The CLI parses
  /// on the main thread (8 MB) and the test suite runs the 10,000-deep cases on Swift Testing's
  /// threads, so callers on small custom threads must give them at least 1 MB.
  public static let maximumNestingDepth = 256

  /// Parses one file. Never fails: malformed input yields `.invalid` nodes plus diagnostics.
  ///
  /// With a ``Parallel/width`` above 1, a large file whose tokens hold no error is parsed in two
  /// halves on two threads, split before a top-level item; when either half reports anything, or
  /// holds a top-level attribute (whose duplicate check spans the file), the file is parsed again
  /// whole, so the result is always the one-thread result.
  public static func parse(_ source: SourceFile, parallelism: Parallel = .default) -> ParseResult {
    if parallelism.width > 1, source.bytes.count >= minimumBytesToSplit,
      let cut = SyntaxParser.byteSplitPoint(source.bytes),
      let file = lexAndParseHalves(source, cut: cut, parallelism: parallelism)
    {
      return ParseResult(file: file, diagnostics: [])
    }
    let (tokens, hasErrorTokens) = Lexer.scanWithErrorFlag(source.bytes)
    if !hasErrorTokens, parallelism.width > 1, tokens.count >= minimumTokensToSplit,
      let split = SyntaxParser.splitPoint(tokens),
      let file = parseHalves(source, tokens: tokens, split: split, parallelism: parallelism)
    {
      return ParseResult(file: file, diagnostics: [])
    }
    var parser = SyntaxParser(source, tokens: tokens, hasErrorTokens: hasErrorTokens)
    let body = parser.parseFile()
    return ParseResult(file: SyntaxFile(file: source.id, body: body), diagnostics: parser.diagnostics)
  }

  /// Files with fewer tokens are parsed on one thread (a large configuration has millions).
  static let minimumTokensToSplit = 100_000

  /// Files smaller than this are lexed on one thread.
  static let minimumBytesToSplit = 1 << 20

  /// Lexes and parses `source` in two halves on two threads, cut at byte `cut` (the start of a
  /// line). The first half is lexed as if the file ended at the cut; it stands for the start of
  /// the whole file's tokens only when it ends with a newline at the cut outside every bracket,
  /// quote, heredoc and template, with no error token (then the lexer is in the state it starts a
  /// file in, so the second half lexed from the cut gives the whole file's remaining tokens).
  /// nil, and the caller parses the file whole, when that does not hold or either half reports
  /// anything.
  private static func lexAndParseHalves(_ source: SourceFile, cut: Int, parallelism: Parallel) -> SyntaxFile? {
    let halves = parallelism.map(2) { half -> (body: Body, start: Int)? in
      let tokens: [RawToken]
      if half == 0 {
        let (first, hasErrors) = Lexer.scanWithErrorFlag(Array(source.bytes[..<cut]))
        guard !hasErrors, first.count >= 2, first[first.count - 2].kind == .newline,
          first[first.count - 2].endOffset == cut, SyntaxParser.isBalanced(first)
        else { return nil }
        tokens = first
      } else {
        let (second, hasErrors) = Lexer.scanWithErrorFlag(source.bytes, from: cut)
        guard !hasErrors else { return nil }
        tokens = second
      }
      var parser = SyntaxParser(source, tokens: tokens, hasErrorTokens: false)
      let start = parser.lastEnd
      if half == 1 { parser.lastEnd = cut }
      let body = parser.parseBody(end: .endOfFile, start: parser.lastEnd)
      let hasAttribute = body.items.contains { if case .attribute = $0 { true } else { false } }
      guard parser.diagnostics.isEmpty, parser.errorCount == 0, !hasAttribute else { return nil }
      return (body, start)
    }
    guard halves.count == 2, let (first, start) = halves[0], let (second, _) = halves[1] else { return nil }
    let range = SourceRange(file: source.id, start: start, end: Swift.max(start, second.range.end))
    return SyntaxFile(file: source.id, body: Body(items: first.items + second.items, range: range))
  }

  /// The two halves' items as one file body; nil when the halves cannot stand for the whole.
  private static func parseHalves(
    _ source: SourceFile, tokens: [RawToken], split: Int, parallelism: Parallel
  ) -> SyntaxFile? {
    let halves = parallelism.map(2) { half -> (body: Body, start: Int)? in
      var parser = SyntaxParser(source, tokens: tokens, hasErrorTokens: false)
      let start = parser.lastEnd
      if half == 0 {
        // The first half ends where the second starts.
        parser.stopIndex = split
      } else {
        parser.index = split
        parser.lastEnd = tokens[split - 1].endOffset
      }
      let body = parser.parseBody(end: .endOfFile, start: parser.lastEnd)
      let hasAttribute = body.items.contains { if case .attribute = $0 { true } else { false } }
      guard parser.diagnostics.isEmpty, parser.errorCount == 0, !hasAttribute else { return nil }
      // An item of the first half that ran past the split: the halves overlap.
      if half == 0, parser.index != split { return nil }
      return (body, start)
    }
    guard halves.count == 2, let (first, start) = halves[0], let (second, _) = halves[1] else { return nil }
    let range = SourceRange(file: source.id, start: start, end: Swift.max(start, second.range.end))
    return SyntaxFile(file: source.id, body: Body(items: first.items + second.items, range: range))
  }
}

/// The tree of one file and every diagnostic found while reading it.
public struct ParseResult: Sendable {
  public var file: SyntaxFile
  public var diagnostics: [Diagnostic]
  public init(file: SyntaxFile, diagnostics: [Diagnostic]) {
    self.file = file
    self.diagnostics = diagnostics
  }
}

/// The parser's state: the token stream, a read position, the newline mode and recovery flags.
struct SyntaxParser {
  let bytes: [UInt8]
  let file: FileID
  let tokens: [RawToken]
  /// Whether the lexer produced any error token (most files: no, and the check is skipped).
  let hasErrorTokens: Bool
  /// Index of the next unread token (comments and, outside newline mode, newlines not skipped yet).
  var index = 0
  /// End offset of the last token read (hclsyntax's `PrevRange`).
  var lastEnd = 0
  /// Whether newlines are tokens (bodies, objects) or skipped (inside `()`, `[]`, `${}`, `for`).
  var includesNewlines = true
  /// Set after an error left the parser somewhere odd; suppresses follow-on errors until the next
  /// body item starts cleanly.
  var isRecovering = false
  var depth = 0
  var diagnostics: [Diagnostic] = []
  var errorCount = 0
  var hasReportedDepth = false
  /// Template items of the templates being read, as a stack: each template appends its items,
  /// nested templates (inside `${}`) push and pop above them. Saves an array per template.
  var templateScratch: [TemplateItem] = []
  /// The file body ends at this token index instead of at EOF (the first half of a file parsed
  /// in two halves, which shares the whole token array instead of copying half of it).
  var stopIndex = Int.max

  init(_ source: SourceFile) {
    let (tokens, hasErrorTokens) = Lexer.scanWithErrorFlag(source.bytes)
    self.init(source, tokens: tokens, hasErrorTokens: hasErrorTokens)
  }

  init(_ source: SourceFile, tokens: [RawToken], hasErrorTokens: Bool) {
    bytes = source.bytes
    file = source.id
    self.tokens = tokens
    self.hasErrorTokens = hasErrorTokens
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { lastEnd = 3 }
    reportErrorTokens()
  }

  /// Where a large file can be cut in two for ``Parser/parse(_:parallelism:)``: the first
  /// identifier from the middle on that starts a line outside every bracket, quote and template
  /// (nil when there is none, or the brackets do not balance).
  /// Where to try cutting a large file for lexing in two: the first line from the middle on that
  /// starts with a letter (nil when there is none). Checked by the caller.
  static func byteSplitPoint(_ bytes: [UInt8]) -> Int? {
    var index = Swift.max(1, bytes.count / 2)
    while index < bytes.count {
      let byte = bytes[index]
      if bytes[index - 1] == UInt8(ascii: "\n"),
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
      {
        return index
      }
      index += 1
    }
    return nil
  }

  /// Whether every bracket, quote, heredoc and template opened in `tokens` is closed, none
  /// before it opened.
  static func isBalanced(_ tokens: [RawToken]) -> Bool {
    var depth = 0
    for token in tokens {
      switch token.kind {
      case .openBrace, .openBracket, .openParenthesis, .openQuote, .openHeredoc, .templateInterpolation,
        .templateControl:
        depth += 1
      case .closeBrace, .closeBracket, .closeParenthesis, .closeQuote, .closeHeredoc, .templateSequenceEnd:
        depth -= 1
        if depth < 0 { return false }
      default:
        break
      }
    }
    return depth == 0
  }

  static func splitPoint(_ tokens: [RawToken]) -> Int? {
    var depth = 0
    let middle = tokens.count / 2
    for index in tokens.indices {
      switch tokens[index].kind {
      case .openBrace, .openBracket, .openParenthesis, .openQuote, .openHeredoc, .templateInterpolation,
        .templateControl:
        depth += 1
      case .closeBrace, .closeBracket, .closeParenthesis, .closeQuote, .closeHeredoc, .templateSequenceEnd:
        depth -= 1
        if depth < 0 { return nil }
      case .identifier:
        if index >= middle, depth == 0, index > 0, tokens[index - 1].kind == .newline { return index }
      default:
        break
      }
    }
    return nil
  }

  /// file = body EOF ;
  mutating func parseFile() -> Body {
    parseBody(end: .endOfFile, start: lastEnd)
  }

  // MARK: - Token access

  @inline(__always) func peekIndex() -> Int {
    var position = index
    while true {
      let kind = tokens[position].kind
      if kind == .comment || (kind == .newline && !includesNewlines) {
        position += 1
        continue
      }
      return position
    }
  }

  @inline(__always) var peek: RawToken { tokens[peekIndex()] }

  @inline(__always) mutating func read() -> RawToken {
    let position = peekIndex()
    let token = tokens[position]
    index = token.kind == .endOfFile ? position : position + 1
    lastEnd = token.endOffset
    return token
  }

  @inline(__always) func range(_ token: RawToken) -> SourceRange {
    SourceRange(file: file, start: token.startOffset, end: token.endOffset)
  }

  @inline(__always) func range(_ start: Int, _ end: Int) -> SourceRange {
    SourceRange(file: file, start: start, end: Swift.max(start, end))
  }

  @inline(__always) func text(_ token: RawToken) -> String {
    String(decoding: bytes[token.startOffset..<token.endOffset], as: UTF8.self)
  }

  /// Whether `token` is the identifier `keyword`.
  func isKeyword(_ token: RawToken, _ keyword: StaticString) -> Bool {
    guard token.kind == .identifier, token.endOffset - token.startOffset == keyword.utf8CodeUnitCount else {
      return false
    }
    let pointer = keyword.utf8Start
    for offset in 0..<keyword.utf8CodeUnitCount where bytes[token.startOffset + offset] != pointer[offset] {
      return false
    }
    return true
  }

  // MARK: - Diagnostics and recovery

  mutating func report(_ diagnostic: Diagnostic) {
    if diagnostic.isError { errorCount += 1 }
    diagnostics.append(diagnostic)
  }

  /// Reports `diagnostic` about `token`, unless the token is an error token: the lexer's catalog
  /// already explained it (one diagnostic per cause), so only the error count goes up.
  mutating func report(_ diagnostic: Diagnostic, about token: RawToken) {
    if token.kind.isError {
      errorCount += 1
    } else {
      report(diagnostic)
    }
  }

  /// Reports each kind of error token once per file, at its first occurrence (checkInvalidTokens).
  mutating func reportErrorTokens() {
    var reported: UInt64 = 0
    guard hasErrorTokens else { return }
    for token in tokens where token.kind.isError {
      let bit: UInt64 = 1 << UInt64(token.kind.rawValue)
      if reported & bit != 0 {
        errorCount += 1
        continue
      }
      reported |= bit
      if let diagnostic = Diagnostic.forErrorToken(token.kind, range(token)) { report(diagnostic) }
    }
  }

  /// Skips to just after the token of kind `end` that closes the current construct, counting
  /// nested pairs of the same bracket (hclsyntax's `recover`). Returns that token (or EOF).
  @discardableResult
  mutating func recover(to end: TokenKind) -> RawToken {
    isRecovering = true
    let opener = Self.opener(of: end)
    var nesting = 0
    while true {
      let token = read()
      var kind = token.kind
      if end == .templateSequenceEnd && kind == .templateControl { kind = .templateInterpolation }
      if kind == .endOfFile { return token }
      if kind == opener {
        nesting += 1
      } else if kind == end {
        if nesting == 0 { return token }
        nesting -= 1
      }
    }
  }

  static func opener(of closer: TokenKind) -> TokenKind? {
    switch closer {
    case .closeBrace: .openBrace
    case .closeBracket: .openBracket
    case .closeParenthesis: .openParenthesis
    case .closeQuote: .openQuote
    case .closeHeredoc: .openHeredoc
    case .templateSequenceEnd: .templateInterpolation
    default: nil
    }
  }

  /// Skips to the end of the current line, stepping over anything bracketed
  /// (hclsyntax's `recoverAfterBodyItem`).
  mutating func recoverAfterBodyItem() {
    isRecovering = true
    var open: [TokenKind] = []
    while true {
      let token = read()
      switch token.kind {
      case .newline:
        if open.isEmpty { return }
      case .endOfFile:
        return
      case .openBrace, .openBracket, .openParenthesis, .openQuote, .openHeredoc, .templateInterpolation,
        .templateControl:
        open.append(token.kind)
      case .closeBrace, .closeBracket, .closeParenthesis, .closeQuote, .closeHeredoc:
        let opener = Self.opener(of: token.kind)
        while let last = open.last, last != opener { open.removeLast() }
        if !open.isEmpty { open.removeLast() }
      case .templateSequenceEnd:
        while let last = open.last, last != .templateInterpolation, last != .templateControl { open.removeLast() }
        if !open.isEmpty { open.removeLast() }
      default:
        break
      }
    }
  }

  /// Called when nesting passes the limit: one diagnostic, then the rest of the file is skipped
  /// without recursing, so the parse unwinds at once.
  mutating func abandonForDepth() -> Expression {
    let token = peek
    if !hasReportedDepth {
      hasReportedDepth = true
      report(.nestingTooDeep(range(token)))
    }
    isRecovering = true
    index = tokens.count - 1
    lastEnd = tokens[index].endOffset
    return Expression(.invalid, range(token))
  }
}
