extension Duration {
  /// Elapsed time as progress lines show it (BRIEF §9): `0.4s`, `35s`, `1m02s`, `1h05m00s`.
  public var displayText: String {
    let milliseconds = max(0, wholeMilliseconds)
    if milliseconds < 10_000 {
      let tenths = (milliseconds + 50) / 100
      if tenths % 10 == 0 { return "\(tenths / 10)s" }
      return "\(tenths / 10).\(tenths % 10)s"
    }
    let seconds = (milliseconds + 500) / 1000
    func pad(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
    if seconds < 60 { return "\(seconds)s" }
    if seconds < 3600 { return "\(seconds / 60)m\(pad(seconds % 60))s" }
    return "\(seconds / 3600)h\(pad(seconds / 60 % 60))m\(pad(seconds % 60))s"
  }
}
