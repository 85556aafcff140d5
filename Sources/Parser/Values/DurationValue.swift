/// A duration (`"90s"`, `"10m"`, `"1h30m"`) as a real type (BRIEF §2), in whole milliseconds.
///
/// Parsing and formatting live in `DurationValue+Text.swift`. The canonical text is the
/// shortest `XhYmZs` form (`1h30m`, `90s` prints as `1m30s`, `0s`, `250ms`).
public struct DurationValue: Sendable, Hashable, Comparable {
  public var milliseconds: Int64
  public init(milliseconds: Int64) { self.milliseconds = milliseconds }
  public static func seconds(_ s: Int64) -> DurationValue { DurationValue(milliseconds: s * 1000) }
  public static let zero = DurationValue(milliseconds: 0)
  public static func < (lhs: DurationValue, rhs: DurationValue) -> Bool { lhs.milliseconds < rhs.milliseconds }
}
