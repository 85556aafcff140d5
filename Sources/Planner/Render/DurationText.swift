import ImmplanParser

/// Duration text of renderings: `1h30m`, `1m30s`, `0s`, `250ms`, `1s500ms`.
enum DurationText {
  static func format(_ duration: DurationValue) -> String {
    var remaining = duration.milliseconds
    if remaining == 0 { return "0s" }
    var text = ""
    if remaining < 0 {
      text = "-"
      remaining = remaining == Int64.min ? Int64.max : -remaining
    }
    let units: [(Int64, String)] = [(3_600_000, "h"), (60_000, "m"), (1000, "s"), (1, "ms")]
    for (size, unit) in units where remaining >= size {
      text += "\(remaining / size)\(unit)"
      remaining %= size
    }
    return text
  }
}
