/// Template modes of the lexer: quoted strings and heredocs.
///
/// Literal tokens split exactly where `hclsyntax` splits them (a lone `$` or `%`, the `$${` and
/// `%%{` escapes, and in heredocs every line end), because strip markers (`~`) and `<<-`
/// indentation act on those tokens, not on the whole text.
extension Scanner {
  /// The length of a literal `$…`/`%…` form at `offset` that does not open a sequence: `$${`
  /// (an escape), `$${~` (hclsyntax keeps this one verbatim), or a lone `$`.
  @inline(__always) func literalSigilLength(at offset: Int) -> Int {
    let bytes = cursor.bytes
    let sigil = bytes[offset]
    if offset + 2 < bytes.count, bytes[offset + 1] == sigil, bytes[offset + 2] == 0x7B {
      return offset + 3 < bytes.count && bytes[offset + 3] == 0x7E ? 4 : 3
    }
    return 1
  }

  /// `${`/`%{` with an optional `~` at `offset`, or nil.
  @inline(__always) func sequenceOpener(at offset: Int) -> (kind: TokenKind, length: Int)? {
    let bytes = cursor.bytes
    let sigil = bytes[offset]
    guard sigil == 0x24 || sigil == 0x25, offset + 1 < bytes.count, bytes[offset + 1] == 0x7B else { return nil }
    let length = offset + 2 < bytes.count && bytes[offset + 2] == 0x7E ? 3 : 2
    return (sigil == 0x24 ? .templateInterpolation : .templateControl, length)
  }

  mutating func enterSequence(_ kind: TokenKind, _ start: Int, _ length: Int) {
    emit(kind, start, start + length)
    cursor.offset = start + length
    modes.append(.main(isInterpolation: true, braces: 0))
  }

  // MARK: - Quoted templates

  mutating func scanQuoted() {
    let bytes = cursor.bytes
    let count = bytes.count
    while cursor.offset < count {
      let start = cursor.offset
      let byte = bytes[start]
      switch byte {
      case 0x22:  // "
        emit(.closeQuote, start, start + 1)
        cursor.offset = start + 1
        modes.removeLast()
        return
      case 0x24, 0x25:  // $ %
        if let opener = sequenceOpener(at: start) {
          enterSequence(opener.kind, start, opener.length)
          return
        }
        let length = literalSigilLength(at: start)
        emit(.quotedLiteral, start, start + length)
        cursor.offset = start + length
      case 0x0A, 0x0D:
        var offset = start + 1
        while offset < count, bytes[offset] == 0x0A || bytes[offset] == 0x0D { offset += 1 }
        emit(.quotedNewline, start, offset)
        cursor.offset = offset
      default:
        let end = scanQuotedRun(from: start)
        if end > start {
          emit(.quotedLiteral, start, end)
          cursor.offset = end
        } else if byte == 0x5C {  // a backslash before a newline or the end: not an escape
          emit(.invalid, start, start + 1)
          cursor.offset = start + 1
        } else {
          emit(.badUTF8, start, start + 1)
          cursor.offset = start + 1
        }
      }
    }
  }

  /// Literal characters and backslash escapes up to the next `"`, `$`, `%`, newline, broken
  /// UTF-8 or a backslash that escapes nothing.
  func scanQuotedRun(from start: Int) -> Int {
    let bytes = cursor.bytes
    let count = bytes.count
    var offset = start
    while offset < count {
      let byte = bytes[offset]
      switch byte {
      case 0x22, 0x24, 0x25, 0x0A, 0x0D:
        return offset
      case 0x5C:
        guard offset + 1 < count else { return offset }
        let next = bytes[offset + 1]
        if next == 0x0A || next == 0x0D { return offset }
        if next < 0x80 {
          offset += 2
        } else if let length = cursor.utf8SequenceLength(at: offset + 1) {
          offset += 1 + length
        } else {
          return offset
        }
      case 0x00...0x7F:
        offset += 1
      default:
        guard let length = cursor.utf8SequenceLength(at: offset) else { return offset }
        offset += length
      }
    }
    return offset
  }

  // MARK: - Heredocs

  mutating func scanHeredoc(markerStart: Int, markerEnd: Int, isStartOfLine initialStartOfLine: Bool) {
    let bytes = cursor.bytes
    let count = bytes.count
    var isStartOfLine = initialStartOfLine
    defer {
      if case .heredoc = modes[modes.count - 1] {
        modes[modes.count - 1] = .heredoc(markerStart: markerStart, markerEnd: markerEnd, isStartOfLine: isStartOfLine)
      }
    }
    while cursor.offset < count {
      let start = cursor.offset
      let byte = bytes[start]
      var contentEnd: Int
      if byte == 0x24 || byte == 0x25 {
        if let opener = sequenceOpener(at: start) {
          isStartOfLine = false
          emit(opener.kind, start, start + opener.length)
          cursor.offset = start + opener.length
          // Save the heredoc frame before the interpolation frame goes on top of it.
          modes[modes.count - 1] = .heredoc(markerStart: markerStart, markerEnd: markerEnd, isStartOfLine: false)
          modes.append(.main(isInterpolation: true, braces: 0))
          return
        }
        contentEnd = start + literalSigilLength(at: start)
      } else {
        contentEnd = start
        while contentEnd < count {
          let c = bytes[contentEnd]
          if c == 0x24 || c == 0x25 || c == 0x0A || c == 0x0D { break }
          if c < 0x80 {
            contentEnd += 1
          } else if let length = cursor.utf8SequenceLength(at: contentEnd) {
            contentEnd += length
          } else {
            break
          }
        }
      }
      var end = contentEnd
      if end < count, bytes[end] == 0x0A {
        end += 1
      } else if end + 1 < count, bytes[end] == 0x0D, bytes[end + 1] == 0x0A {
        end += 2
      }
      if end == start {
        // Nothing matched: a lone \r or a byte of broken UTF-8.
        emit(bytes[start] == 0x0D ? .invalid : .badUTF8, start, start + 1)
        cursor.offset = start + 1
        continue
      }
      cursor.offset = end
      if end > contentEnd {  // the token ends its line
        if isStartOfLine, isMarker(start, contentEnd, markerStart, markerEnd) {
          emit(.closeHeredoc, start, contentEnd)
          emit(.newline, contentEnd, end)
          modes.removeLast()
          return
        }
        isStartOfLine = true
      } else {
        isStartOfLine = false
      }
      emit(.stringLiteral, start, end)
    }
  }

  /// Whether `start..<end`, trimmed of white space, spells the heredoc's marker.
  func isMarker(_ start: Int, _ end: Int, _ markerStart: Int, _ markerEnd: Int) -> Bool {
    let bytes = cursor.bytes
    var low = start
    var high = end
    while low < high, Self.isTrimmableSpace(bytes[low]) { low += 1 }
    while high > low, Self.isTrimmableSpace(bytes[high - 1]) { high -= 1 }
    guard high - low == markerEnd - markerStart else { return false }
    var index = 0
    while index < high - low {
      if bytes[low + index] != bytes[markerStart + index] { return false }
      index += 1
    }
    return true
  }

  @inline(__always) static func isTrimmableSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
  }
}
