import ImmplanSupport

// MARK: - Check and layout

extension Formatter {
  /// The formatted bytes of `source` when the parser reports nothing about it; nil otherwise
  /// (then parse it whole for the diagnostics).
  ///
  /// Lexes `source`, runs the parser over every token as ``Parser/parse(_:)`` does but keeps no
  /// syntax tree, and lays the tokens out. `fmt` needs only the verdict and the tokens: building,
  /// keeping and freeing the tree of a large file was most of its time and memory.
  ///
  /// A large file is cut where ``Parser`` cuts it, and each half is lexed, checked and laid out
  /// on its own thread (``formatHalves(_:cut:parallelism:)``); when that cannot vouch for the
  /// file, it is done whole.
  static func formatIfClean(_ source: SourceFile, parallelism: Parallel) -> [UInt8]? {
    if parallelism.width > 1, source.bytes.count >= Parser.minimumBytesToSplit,
      let cut = SyntaxParser.byteSplitPoint(source.bytes),
      let formatted = formatHalves(source, cut: cut, parallelism: parallelism)
    {
      return formatted
    }
    let (tokens, hasErrorTokens) = Lexer.scanWithErrorFlag(source.bytes)
    guard !hasErrorTokens else { return nil }
    var parser = SyntaxParser(source, tokens: tokens, hasErrorTokens: false)
    var names: Set<String> = []
    guard parser.checkFileItems(attributeNames: &names) else { return nil }
    return layout(source.bytes, tokens: tokens)
  }

  /// Formats `source` in two halves on two threads (one after the other at width 1), cut at byte `cut` (the start of a line), as
  /// ``Parser`` lexes and parses a large file; nil unless both halves are clean and stand for the
  /// whole file. They do when the first ends with a newline at the cut outside every bracket,
  /// quote, heredoc and template, with no error token: then at the cut the lexer is in the state
  /// a file starts in, the parser is between two top-level items, and the layout is at depth 0
  /// with nothing indented (see ``LayoutWriter/append(laidOut:firstKind:)`` for the rest). A
  /// report from a half proves nothing: a cut inside a `/* */` comment over lines passes those
  /// tests, and the half before it then ends in `/` `*`, which never parses.
  static func formatHalves(_ source: SourceFile, cut: Int, parallelism: Parallel) -> [UInt8]? {
    struct Half: Sendable {
      var tokens: [RawToken]
      var attributeNames: Set<String>
      var writer: LayoutWriter
    }
    var halves = parallelism.map(2) { half -> Half? in
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
      var names: Set<String> = []
      guard parser.checkFileItems(attributeNames: &names) else { return nil }
      var writer = LayoutWriter(source.bytes)
      writer.add(tokens)
      return Half(tokens: tokens, attributeNames: names, writer: writer)
    }
    guard var first = halves[0], var second = halves[1],
      first.attributeNames.isDisjoint(with: second.attributeNames)
    else { return nil }
    halves = []  // so the writers own their buffers (no copy on write)
    if first.writer.isAtTopLevel {
      let firstKind = second.writer.firstKind
      first.writer.append(laidOut: second.writer.finish(), firstKind: firstKind)
    } else {
      // An alignment run may go on across the cut: read on into the second half.
      first.writer.add(second.tokens)
    }
    return first.writer.finish()
  }
}

extension SyntaxParser {
  /// body = { newline | attribute | block } ;  for the file's body, keeping no item.
  ///
  /// The loop of ``parseBody(end:start:openBrace:)`` for a clean file: each item is parsed by the
  /// same code, then dropped. True when every item up to EOF (or ``stopIndex``) reads without a
  /// diagnostic and no top-level attribute is set twice; it stops at the first problem, which
  /// the full parse then reports. `attributeNames` collects the top-level attribute names, so
  /// the two halves of a cut file can be checked for duplicates between them.
  mutating func checkFileItems(attributeNames: inout Set<String>) -> Bool {
    while diagnostics.isEmpty, errorCount == 0 {
      if index >= stopIndex { return true }
      let before = index
      switch peek.kind {
      case .endOfFile:
        return true
      case .newline:
        _ = read()
      case .identifier:
        isRecovering = false
        guard let item = parseBodyItem() else { return false }
        if case .attribute(let attribute) = item, !attributeNames.insert(attribute.name).inserted { return false }
      default:
        return false
      }
      precondition(index > before, "check loop made no progress")
    }
    return false
  }
}
