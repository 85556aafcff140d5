/// Identifies one source file inside a ``SourceManager``. Stable for the life of a run.
public struct FileID: Hashable, Sendable, Comparable {
  public var rawValue: UInt32
  public init(_ rawValue: UInt32) { self.rawValue = rawValue }
  public static func < (lhs: FileID, rhs: FileID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A half-open range of UTF-8 byte offsets `start..<end` in one file.
///
/// Invariant: `0 <= start <= end <= file length`. Line and column are computed only for display,
/// from the file's ``LineTable``.
public struct SourceRange: Hashable, Sendable, Comparable {
  public var file: FileID
  public var start: Int
  public var end: Int

  public init(file: FileID, start: Int, end: Int) {
    precondition(start <= end, "SourceRange start after end")
    self.file = file
    self.start = start
    self.end = end
  }

  /// An empty range at `offset`, used for "expected X here" diagnostics.
  public static func point(_ file: FileID, _ offset: Int) -> SourceRange {
    SourceRange(file: file, start: offset, end: offset)
  }

  /// The smallest range covering both (same file required).
  public func union(_ other: SourceRange) -> SourceRange {
    SourceRange(file: file, start: Swift.min(start, other.start), end: Swift.max(end, other.end))
  }

  public var length: Int { end - start }

  public static func < (lhs: SourceRange, rhs: SourceRange) -> Bool {
    (lhs.file, lhs.start, lhs.end) < (rhs.file, rhs.start, rhs.end)
  }
}
