import ImmplanSupport

/// One source file's bytes and the table that maps byte offsets to lines and columns.
///
/// Sources are kept as UTF-8 bytes (STYLE.md: the hot path never decodes `Character`s).
public struct SourceFile: Sendable {
  public let id: FileID
  /// The path as the user should see it in diagnostics (relative where possible).
  public let path: String
  public let bytes: [UInt8]
  public let lines: LineTable

  /// `parallelism` bounds the line table's scan of a large file.
  public init(id: FileID, path: String, bytes: [UInt8], parallelism: Parallel = .default) {
    self.id = id
    self.path = path
    self.bytes = bytes
    self.lines = LineTable(bytes, parallelism: parallelism)
  }

  /// The text of `range`, decoded leniently (invalid UTF-8 becomes U+FFFD).
  public func text(_ range: SourceRange) -> String {
    String(decoding: bytes[range.start..<range.end], as: UTF8.self)
  }
}

/// A 1-based line and column. Columns count Unicode scalars up to the offset (display only).
public struct LineColumn: Hashable, Sendable {
  public var line: Int
  public var column: Int
  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }
}

/// Offsets of line starts, built once per file in one pass over the bytes.
public struct LineTable: Sendable {
  /// `starts[i]` is the byte offset where line `i + 1` begins. Always starts with 0.
  public let starts: [Int]
  private let bytes: [UInt8]

  public init(_ bytes: [UInt8], parallelism: Parallel = .default) {
    // A large file is scanned in pieces on all cores (newlines found in a piece do not depend
    // on the others), the pieces' line starts joined in order.
    let pieces = parallelism.chunks(bytes.count, minimumChunk: 1 << 20)
    let found = parallelism.map(pieces.count) { piece in LineTable.lineStarts(in: bytes, pieces[piece]) }
    var starts = [0]
    starts.reserveCapacity(found.reduce(1) { $0 + $1.count })
    for piece in found { starts.append(contentsOf: piece) }
    self.starts = starts
    self.bytes = bytes
  }

  /// The offsets just after each `\n` in `range` of `bytes`.
  private static func lineStarts(in bytes: [UInt8], _ range: Range<Int>) -> [Int] {
    var starts: [Int] = []
    starts.reserveCapacity(range.count / 32 + 1)
    bytes.withUnsafeBytes { buffer in
      let count = range.upperBound
      var index = range.lowerBound
      // Eight bytes at a time: most words of a configuration hold no newline, and a word holds
      // one exactly when some byte of `word ^ 0x0A0A…` is zero (the classic has-zero-byte test).
      while index + 8 <= count {
        let word = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: index, as: UInt64.self))
        let x = word ^ 0x0A0A_0A0A_0A0A_0A0A
        if (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0 {
          for offset in index..<(index + 8) where buffer[offset] == 0x0A { starts.append(offset + 1) }
        }
        index += 8
      }
      while index < count {
        if buffer[index] == 0x0A { starts.append(index + 1) }
        index += 1
      }
    }
    return starts
  }

  /// The 1-based line containing `offset` (binary search).
  public func line(of offset: Int) -> Int {
    var low = 0
    var high = starts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if starts[mid] <= offset { low = mid } else { high = mid - 1 }
    }
    return low + 1
  }

  /// 1-based line and column; the column counts Unicode scalars (UTF-8 lead bytes) from the line start.
  public func location(of offset: Int) -> LineColumn {
    let line = line(of: offset)
    var column = 1
    var index = starts[line - 1]
    let end = Swift.min(offset, bytes.count)
    while index < end {
      if bytes[index] & 0xC0 != 0x80 { column += 1 }
      index += 1
    }
    return LineColumn(line: line, column: column)
  }

  /// The byte range of line `line` (1-based), without its `\n` or `\r\n`.
  public func lineRange(_ line: Int) -> Range<Int> {
    let start = starts[line - 1]
    var end = line < starts.count ? starts[line] - 1 : bytes.count
    if end > start, end - 1 < bytes.count, end < bytes.count || line == starts.count, end > 0,
      bytes[end - 1] == 0x0D, line < starts.count
    {
      end -= 1
    }
    return start..<Swift.max(start, end)
  }
}

/// All files of one run, addressed by ``FileID``. Value type; append-only.
public struct SourceManager: Sendable {
  public private(set) var files: [SourceFile] = []
  public init() {}

  /// Adds a file; `parallelism` bounds the scan for its line table.
  @discardableResult
  public mutating func add(path: String, bytes: [UInt8], parallelism: Parallel = .default) -> FileID {
    let id = FileID(UInt32(files.count))
    files.append(SourceFile(id: id, path: path, bytes: bytes, parallelism: parallelism))
    return id
  }

  public subscript(id: FileID) -> SourceFile { files[Int(id.rawValue)] }
}
