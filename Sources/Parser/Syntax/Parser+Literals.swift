/// String literal decoding, block labels and the white-space rules of strip markers.
extension SyntaxParser {
  /// string-label = '"' { literal } '"' ;  (no interpolation or directive allowed)
  mutating func parseStringLabel() -> BlockLabel {
    let open = read()
    var value: [UInt8] = []
    var end = open.endOffset
    loop: while true {
      let token = read()
      switch token.kind {
      case .closeQuote:
        end = token.endOffset
        break loop
      case .quotedLiteral:
        if let decoded = decodeLiteral(token, isQuoted: true) {
          value.append(contentsOf: decoded)
        } else {
          value.append(contentsOf: bytes[token.startOffset..<token.endOffset])
        }
      case .templateInterpolation, .templateControl:
        report(.sequenceInLabel(range(token)))
        recover(to: .templateSequenceEnd)
      case .endOfFile:
        report(.unterminatedTemplate(range(open), isHeredoc: false))
        end = token.startOffset
        break loop
      default:
        if !isRecovering { report(.unterminatedTemplate(range(open), isHeredoc: false)) }
        end = recover(to: .closeQuote).endOffset
        break loop
      }
    }
    return BlockLabel(
      value: String(decoding: value, as: UTF8.self), range: range(open.startOffset, end), isQuoted: true)
  }

  /// The text of a literal token: `$${` and `%%{` unescaped and, in quoted strings, backslash
  /// escapes decoded (each bad escape reported at its exact bytes).
  ///
  /// Nil when the text is exactly the token's bytes (the common case: nothing is copied).
  mutating func decodeLiteral(_ token: RawToken, isQuoted: Bool) -> [UInt8]? {
    let start = token.startOffset
    let end = token.endOffset
    // The lexer makes `$${` (and `$${~`) a token of its own: the doubled sign is an escape.
    if end - start >= 3, bytes[start] == 0x24 || bytes[start] == 0x25, bytes[start + 1] == bytes[start],
      bytes[start + 2] == 0x7B
    {
      return [bytes[start]] + bytes[(start + 2)..<end]
    }
    guard isQuoted, bytes[start..<end].contains(0x5C) else { return nil }
    var result: [UInt8] = []
    result.reserveCapacity(end - start)
    var offset = start
    while offset < end {
      let byte = bytes[offset]
      guard byte == 0x5C, offset + 1 < end else {
        result.append(byte)
        offset += 1
        continue
      }
      let selector = bytes[offset + 1]
      switch selector {
      case 0x6E: result.append(0x0A)  // n
      case 0x72: result.append(0x0D)  // r
      case 0x74: result.append(0x09)  // t
      case 0x22, 0x5C: result.append(selector)
      case 0x75, 0x55:  // u U
        let wanted = selector == 0x75 ? 4 : 8
        var digits = 0
        var value: UInt32 = 0
        while digits < wanted, offset + 2 + digits < end, ByteClass.isHexDigit(bytes[offset + 2 + digits]) {
          let digit = bytes[offset + 2 + digits]
          let nibble = digit <= 0x39 ? digit - 0x30 : (digit | 0x20) - 0x61 + 10
          value = value &* 16 &+ UInt32(nibble)
          digits += 1
        }
        let escapeRange = range(offset, offset + 2 + digits)
        if digits < wanted {
          report(
            .invalidEscape(
              escapeRange, detail: "`\\\(selector == 0x75 ? "u" : "U")` needs \(wanted) hexadecimal digits"))
          result.append(contentsOf: bytes[offset..<(offset + 2 + digits)])
        } else if let scalar = Unicode.Scalar(value) {
          result.append(contentsOf: Array(String(Character(scalar)).utf8))
        } else {
          report(.invalidEscape(escapeRange, detail: "not a Unicode scalar value"))
        }
        offset += 2 + digits
        continue
      default:
        var length = 1
        if selector >= 0x80, let sequence = Cursor(bytes).utf8SequenceLength(at: offset + 1) { length = sequence }
        report(.invalidEscape(range(offset, offset + 1 + length), detail: "not a valid escape"))
        result.append(contentsOf: bytes[(offset + 1)..<(offset + 1 + length)])
        offset += 1 + length
        continue
      }
      offset += 2
    }
    return result
  }

  // MARK: - White space (Unicode White_Space, as Go's unicode.IsSpace)

  /// The scalar at `index` of UTF-8 `text` and its length in bytes (invalid bytes: nil, 1).
  static func scalar(in text: [UInt8], at index: Int) -> (Unicode.Scalar?, Int) {
    let lead = text[index]
    if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
    let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
    guard length > 1, index + length <= text.count else { return (nil, 1) }
    for offset in 1..<length where text[index + offset] & 0xC0 != 0x80 { return (nil, 1) }
    var value = UInt32(lead) & (0xFF >> UInt32(length + 1))
    for offset in 1..<length { value = value << 6 | UInt32(text[index + offset] & 0x3F) }
    return (Unicode.Scalar(value), length)
  }

  static func isSpace(_ scalar: Unicode.Scalar?) -> Bool {
    guard let scalar else { return false }
    if scalar.value < 0x80 { return scalar.value == 0x20 || (scalar.value >= 0x09 && scalar.value <= 0x0D) }
    return scalar.properties.isWhitespace
  }

  /// The bytes a piece's text lives in, and its bounds there.
  func storage(_ piece: LiteralPiece) -> (bytes: [UInt8], lower: Int, upper: Int) {
    if let decoded = piece.decoded { return (decoded, 0, decoded.count) }
    return (bytes, piece.textStart, piece.textEnd)
  }

  func length(_ piece: LiteralPiece) -> Int { piece.decoded?.count ?? (piece.textEnd - piece.textStart) }

  func lastByte(_ piece: LiteralPiece) -> UInt8? {
    let (text, lower, upper) = storage(piece)
    return upper > lower ? text[upper - 1] : nil
  }

  func dropFirst(_ count: Int, of piece: inout LiteralPiece) {
    if piece.decoded != nil { piece.decoded!.removeFirst(count) } else { piece.textStart += count }
  }

  func trimLeadingSpace(_ piece: inout LiteralPiece) {
    let (text, lower, upper) = storage(piece)
    var index = lower
    while index < upper {
      let (scalar, length) = Self.scalar(in: text, at: index)
      guard Self.isSpace(scalar) else { break }
      index += length
    }
    dropFirst(index - lower, of: &piece)
  }

  func trimTrailingSpace(_ piece: inout LiteralPiece) {
    let (text, lower, upper) = storage(piece)
    var end = upper
    while end > lower {
      var start = end - 1
      while start > lower, text[start] & 0xC0 == 0x80, end - start < 4 { start -= 1 }
      let (scalar, _) = Self.scalar(in: text, at: start)
      guard Self.isSpace(scalar) else { break }
      end = start
    }
    if piece.decoded != nil { piece.decoded!.removeLast(upper - end) } else { piece.textEnd = end }
  }

  /// Leading white space of a piece: its length in characters (`\r\n` is one) and in bytes.
  func leadingSpace(_ piece: LiteralPiece) -> (characters: Int, bytes: Int) {
    let (text, lower, upper) = storage(piece)
    var index = lower
    var characters = 0
    while index < upper {
      let (scalar, length) = Self.scalar(in: text, at: index)
      guard Self.isSpace(scalar) else { break }
      if text[index] == 0x0D, index + 1 < upper, text[index + 1] == 0x0A {
        index += 2
      } else {
        index += length
      }
      characters += 1
    }
    return (characters, index - lower)
  }

  func byteCount(ofLeadingSpaceCharacters characters: Int, in piece: LiteralPiece) -> Int {
    let (text, lower, upper) = storage(piece)
    var index = lower
    var counted = 0
    while index < upper, counted < characters {
      let (_, length) = Self.scalar(in: text, at: index)
      if text[index] == 0x0D, index + 1 < upper, text[index + 1] == 0x0A {
        index += 2
      } else {
        index += length
      }
      counted += 1
    }
    return index - lower
  }

  /// Levenshtein distance, for "did you mean" on directive keywords.
  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.utf8)
    let b = Array(b.utf8)
    if a.isEmpty || b.isEmpty { return Swift.max(a.count, b.count) }
    var previous = Array(0...b.count)
    for i in 1...a.count {
      var current = [i] + Array(repeating: 0, count: b.count)
      for j in 1...b.count {
        current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      previous = current
    }
    return previous[b.count]
  }
}
