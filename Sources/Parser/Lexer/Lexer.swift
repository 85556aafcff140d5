/// The HCL native-syntax lexer: UTF-8 bytes in, tokens out (comments and newlines included).
///
/// It follows `hclsyntax`'s scanner (v2.14) token for token, with a mode stack for templates inside
/// interpolations inside templates: the main mode (expressions, with a brace counter so the `}`
/// that ends a `${` is told apart from one that closes an object), quoted templates and heredocs.
/// Errors are tokens of an error kind (``TokenKind/isError``); it never fails and never allocates
/// per token beyond the output array.
public enum Lexer {
  /// All tokens of `source`, ending with exactly one ``TokenKind/endOfFile``. A leading UTF-8 BOM
  /// is skipped. Used by `fmt`, which needs comments and newlines.
  public static func tokenize(_ source: SourceFile) -> [Token] {
    let raw = scanWithErrorFlag(source.bytes).tokens
    var tokens: [Token] = []
    tokens.reserveCapacity(raw.count)
    for token in raw {
      tokens.append(
        Token(kind: token.kind, range: SourceRange(file: source.id, start: token.startOffset, end: token.endOffset)))
    }
    return tokens
  }

  /// The compact token stream the parser reads, and whether it contains any error token.
  static func scanWithErrorFlag(_ bytes: [UInt8]) -> (tokens: [RawToken], hasErrors: Bool) {
    var scanner = Scanner(bytes)
    scanner.run()
    return (scanner.tokens, scanner.hasErrorTokens)
  }

  /// The tokens of `bytes` from offset `start` on, scanned from the state a file starts in (no
  /// BOM check): the second half of a file cut where the first half ends at the top level.
  static func scanWithErrorFlag(_ bytes: [UInt8], from start: Int) -> (tokens: [RawToken], hasErrors: Bool) {
    var scanner = Scanner(bytes, reserving: (bytes.count - start) / 4 + 16)
    scanner.run(from: start)
    return (scanner.tokens, scanner.hasErrorTokens)
  }
}

/// One lexer mode. The stack always has a non-interpolation ``main`` frame at the bottom.
enum LexerMode {
  /// Expressions. `braces` counts `{` opened in this frame; `isInterpolation` frames end at the `}`
  /// that brings the count back below zero.
  case main(isInterpolation: Bool, braces: Int)
  case quoted
  /// `marker` is the byte range of the heredoc's marker name in the source.
  case heredoc(markerStart: Int, markerEnd: Int, isStartOfLine: Bool)
}

struct Scanner {
  var cursor: Cursor
  var tokens: [RawToken] = []
  var modes: [LexerMode] = [.main(isInterpolation: false, braces: 0)]
  /// Set once a `/*` without a closing `*/` is seen: no later `/*` can be closed either.
  var unclosedBlockCommentFrom: Int = Int.max

  init(_ bytes: [UInt8], reserving capacity: Int? = nil) {
    cursor = Cursor(bytes)
    tokens.reserveCapacity(capacity ?? bytes.count / 4 + 16)
  }

  /// Set when any error token is emitted.
  var hasErrorTokens = false

  @inline(__always) mutating func emit(_ kind: TokenKind, _ start: Int, _ end: Int) {
    if kind.isError { hasErrorTokens = true }
    tokens.append(RawToken(kind: kind, start: UInt32(truncatingIfNeeded: start), end: UInt32(truncatingIfNeeded: end)))
  }

  mutating func run(from start: Int = 0) {
    let bytes = cursor.bytes
    if start > 0 {
      cursor.offset = start
    } else if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
      cursor.offset = 3
    }
    while !cursor.isAtEnd {
      let before = cursor.offset
      let depth = modes.count
      switch modes[modes.count - 1] {
      case .main(let isInterpolation, let braces): scanMain(isInterpolation: isInterpolation, braces: braces)
      case .quoted: scanQuoted()
      case .heredoc(let markerStart, let markerEnd, let isStartOfLine):
        scanHeredoc(markerStart: markerStart, markerEnd: markerEnd, isStartOfLine: isStartOfLine)
      }
      precondition(cursor.offset > before || modes.count != depth || cursor.isAtEnd, "lexer made no progress")
    }
    emit(.endOfFile, bytes.count, bytes.count)
  }

  // MARK: - Main mode

  /// Scans expression tokens until the mode changes or the input ends.
  mutating func scanMain(isInterpolation: Bool, braces initialBraces: Int) {
    let bytes = cursor.bytes
    let count = bytes.count
    var braces = initialBraces
    var offset = cursor.offset
    defer { cursor.offset = offset }
    func saveFrame(_ modes: inout [LexerMode]) {
      modes[modes.count - 1] = .main(isInterpolation: isInterpolation, braces: braces)
    }
    while offset < count {
      let start = offset
      let byte = bytes[offset]
      switch byte {
      case 0x20, 0x09:  // spaces and tabs (hclsyntax skips both)
        offset += 1
        while offset < count, bytes[offset] == 0x20 || bytes[offset] == 0x09 { offset += 1 }
      case 0x0A:
        offset += 1
        emit(.newline, start, offset)
      case 0x0D:  // \r\n is a newline; a lone \r is not used by the language
        if offset + 1 < count, bytes[offset + 1] == 0x0A {
          offset += 2
          emit(.newline, start, offset)
        } else {
          offset += 1
          emit(.invalid, start, offset)
        }
      case 0x61...0x7A, 0x41...0x5A, 0x5F:  // a-z A-Z _
        offset = scanIdentifierRest(from: offset + 1)
        emit(.identifier, start, offset)
      case 0x30...0x39:
        offset = scanNumber(from: offset)
        emit(.number, start, offset)
      case 0x23:  // #
        offset = scanLineComment(from: offset + 1)
        emit(.comment, start, offset)
      case 0x2F:  // /
        if offset + 1 < count, bytes[offset + 1] == 0x2F {
          offset = scanLineComment(from: offset + 2)
          emit(.comment, start, offset)
        } else if offset + 1 < count, bytes[offset + 1] == 0x2A, let end = blockCommentEnd(from: offset + 2) {
          offset = end
          emit(.comment, start, offset)
        } else {
          offset += 1
          emit(.slash, start, offset)
        }
      case 0x3D:  // =
        if offset + 1 < count, bytes[offset + 1] == 0x3D {
          offset += 2
          emit(.equalOperator, start, offset)
        } else if offset + 1 < count, bytes[offset + 1] == 0x3E {
          offset += 2
          emit(.fatArrow, start, offset)
        } else {
          offset += 1
          emit(.equal, start, offset)
        }
      case 0x21:  // !
        offset = twoByte(offset, 0x3D, .notEqual, .bang)
      case 0x3E:  // >
        offset = twoByte(offset, 0x3D, .greaterThanOrEqual, .greaterThan)
      case 0x26:  // &
        offset = twoByte(offset, 0x26, .and, .bitwiseAnd)
      case 0x7C:  // |
        offset = twoByte(offset, 0x7C, .or, .bitwiseOr)
      case 0x3C:  // <
        if offset + 1 < count, bytes[offset + 1] == 0x3D {
          offset += 2
          emit(.lessThanOrEqual, start, offset)
        } else if offset + 1 < count, bytes[offset + 1] == 0x3C, let heredoc = heredocIntroducer(at: offset) {
          offset = heredoc.end
          emit(.openHeredoc, start, offset)
          saveFrame(&modes)
          modes.append(.heredoc(markerStart: heredoc.markerStart, markerEnd: heredoc.markerEnd, isStartOfLine: true))
          return
        } else {
          offset += 1
          emit(.lessThan, start, offset)
        }
      case 0x2E:  // .
        if offset + 2 < count, bytes[offset + 1] == 0x2E, bytes[offset + 2] == 0x2E {
          offset += 3
          emit(.ellipsis, start, offset)
        } else {
          offset += 1
          emit(.dot, start, offset)
        }
      case 0x7E:  // ~
        if offset + 1 < count, bytes[offset + 1] == 0x7D {
          offset += 2
          emit(.templateSequenceEnd, start, offset)
          if isInterpolation && braces == 0 {
            modes.removeLast()
            return
          }
          // hclsyntax emits a sequence end here too, so the parser reports the misplaced `~}`.
          braces -= 1
        } else {
          offset += 1
          emit(.bitwiseNot, start, offset)
        }
      case 0x7B:  // {
        offset += 1
        emit(.openBrace, start, offset)
        braces += 1
      case 0x7D:  // }
        offset += 1
        if isInterpolation && braces == 0 {
          emit(.templateSequenceEnd, start, offset)
          modes.removeLast()
          return
        }
        emit(.closeBrace, start, offset)
        braces -= 1
      case 0x22:  // "
        offset += 1
        emit(.openQuote, start, offset)
        saveFrame(&modes)
        modes.append(.quoted)
        return
      case 0x5B: offset = single(offset, .openBracket)
      case 0x5D: offset = single(offset, .closeBracket)
      case 0x28: offset = single(offset, .openParenthesis)
      case 0x29: offset = single(offset, .closeParenthesis)
      case 0x2C: offset = single(offset, .comma)
      case 0x2A: offset = single(offset, .star)
      case 0x25: offset = single(offset, .percent)
      case 0x2B: offset = single(offset, .plus)
      case 0x2D: offset = single(offset, .minus)
      case 0x3F: offset = single(offset, .question)
      case 0x3A: offset = single(offset, .colon)
      case 0x5E: offset = single(offset, .bitwiseXor)
      case 0x3B: offset = single(offset, .semicolon)
      case 0x60: offset = single(offset, .backtick)
      case 0x27: offset = single(offset, .apostrophe)
      case 0x80...0xFF:
        offset = scanNonASCII(at: offset)
      default:
        offset = single(offset, .invalid)
      }
    }
  }

  @inline(__always) private mutating func single(_ offset: Int, _ kind: TokenKind) -> Int {
    emit(kind, offset, offset + 1)
    return offset + 1
  }

  @inline(__always) private mutating func twoByte(_ offset: Int, _ second: UInt8, _ long: TokenKind, _ short: TokenKind)
    -> Int
  {
    if offset + 1 < cursor.bytes.count, cursor.bytes[offset + 1] == second {
      emit(long, offset, offset + 2)
      return offset + 2
    }
    emit(short, offset, offset + 1)
    return offset + 1
  }

  /// A non-ASCII character in main mode: an identifier, a curly quote, another invalid character
  /// or a byte of broken UTF-8.
  private mutating func scanNonASCII(at offset: Int) -> Int {
    guard let length = cursor.utf8SequenceLength(at: offset) else {
      emit(.badUTF8, offset, offset + 1)
      return offset + 1
    }
    let scalar = cursor.scalar(at: offset, length: length)
    if let scalar, scalar.properties.isIDStart {
      let end = scanIdentifierRest(from: offset + length)
      emit(.identifier, offset, end)
      return end
    }
    switch scalar?.value {
    case 0x201C, 0x201D, 0x2018, 0x2019: emit(.curlyQuote, offset, offset + length)
    default: emit(.invalid, offset, offset + length)
    }
    return offset + length
  }

  /// `(ID_Continue | '-')*` from `offset`.
  func scanIdentifierRest(from start: Int) -> Int {
    let bytes = cursor.bytes
    var offset = start
    while offset < bytes.count {
      let byte = bytes[offset]
      if byte < 0x80 {
        guard ByteClass.isIdentifierContinue(byte) else { break }
        offset += 1
      } else {
        guard let length = cursor.utf8SequenceLength(at: offset),
          let scalar = cursor.scalar(at: offset, length: length), scalar.properties.isIDContinue
        else { break }
        offset += length
      }
    }
    return offset
  }

  /// hclsyntax's NumberLit: a digit, then digits, `.` and exponents (`e`, `E`, optional sign, a
  /// digit), never ending with `.`. The parser checks the shape (`1.2.3` is lexed, then rejected).
  func scanNumber(from start: Int) -> Int {
    let bytes = cursor.bytes
    let count = bytes.count
    var offset = start + 1
    while offset < count {
      let byte = bytes[offset]
      if ByteClass.isDigit(byte) || byte == 0x2E {
        offset += 1
      } else if byte | 0x20 == 0x65 {  // e E
        if offset + 1 < count, ByteClass.isDigit(bytes[offset + 1]) {
          offset += 2
        } else if offset + 2 < count, bytes[offset + 1] == 0x2B || bytes[offset + 1] == 0x2D,
          ByteClass.isDigit(bytes[offset + 2])
        {
          offset += 3
        } else {
          break
        }
      } else {
        break
      }
    }
    while bytes[offset - 1] == 0x2E { offset -= 1 }
    return offset
  }

  /// To the end of the line, excluding the `\n` (or `\r\n`) that a newline token then covers.
  func scanLineComment(from start: Int) -> Int {
    let bytes = cursor.bytes
    var offset = start
    while offset < bytes.count {
      let byte = bytes[offset]
      if byte == 0x0A { break }
      if byte == 0x0D, offset + 1 < bytes.count, bytes[offset + 1] == 0x0A { break }
      offset += 1
    }
    return offset
  }

  /// The end of a `/* … */` comment whose body starts at `start`, or nil if it is never closed
  /// (then hclsyntax lexes `/` and `*` and carries on).
  mutating func blockCommentEnd(from start: Int) -> Int? {
    if start >= unclosedBlockCommentFrom { return nil }
    let bytes = cursor.bytes
    var offset = start
    while offset + 1 < bytes.count {
      if bytes[offset] == 0x2A, bytes[offset + 1] == 0x2F { return offset + 2 }
      offset += 1
    }
    unclosedBlockCommentFrom = start
    return nil
  }

  /// `<<` `-`? identifier newline, starting at the first `<`.
  func heredocIntroducer(at start: Int) -> (end: Int, markerStart: Int, markerEnd: Int)? {
    let bytes = cursor.bytes
    var offset = start + 2
    if offset < bytes.count, bytes[offset] == 0x2D { offset += 1 }
    guard offset < bytes.count else { return nil }
    let markerStart = offset
    let first = bytes[offset]
    if first < 0x80 {
      guard ByteClass.isIdentifierStart(first) else { return nil }
      offset += 1
    } else {
      guard let length = cursor.utf8SequenceLength(at: offset),
        let scalar = cursor.scalar(at: offset, length: length), scalar.properties.isIDStart
      else { return nil }
      offset += length
    }
    offset = scanIdentifierRest(from: offset)
    let markerEnd = offset
    if offset < bytes.count, bytes[offset] == 0x0A { return (offset + 1, markerStart, markerEnd) }
    if offset + 1 < bytes.count, bytes[offset] == 0x0D, bytes[offset + 1] == 0x0A {
      return (offset + 2, markerStart, markerEnd)
    }
    return nil
  }
}
