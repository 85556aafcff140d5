/// Duration text: parsing as Terraform-style Go durations, and the canonical form.
///
/// Accepted (Go's `time.ParseDuration`, restricted to what a deployment needs): one or more
/// `NUMBER UNIT` pairs with no spaces, `UNIT` one of `ms`, `s`, `m`, `h`, `NUMBER` decimal digits
/// with an optional fraction (`1.5h`, `.5h` and `5.h` as Go allows): `"90s"`, `"10m"`, `"1h30m"`,
/// `"250ms"`, `"1.5h"`, `"0s"`, and the bare `"0"` Go also accepts. Rejected: the empty string,
/// a sign (durations are never negative; `+` too, to keep one spelling), spaces, other units
/// (`ns`, `us`, `d`), a number without a unit, a total that is not a whole number of
/// milliseconds (`"1.5ms"`: nothing rounds silently), and totals beyond `Int64` milliseconds.
///
/// Canonical text (``description``): each of `h`, `m`, `s`, `ms` once, largest first, zero
/// components left out, minutes and seconds below 60: `1h30m`, `1m30s` (for `90s`), `1h5s`
/// (Go would print `1h0m5s`), `1s250ms`, `250ms`, and `0s` for zero. It parses back to the same
/// value, so plans and state can store it.
extension DurationValue {
  /// Ten years: the longest duration a setting may have. Far beyond any wait apply makes, far
  /// below where a deadline (now plus the duration, in microseconds) stops fitting in 64 bits.
  public static let maximumMilliseconds: Int64 = 10 * 365 * 24 * 3_600_000

  public init?(parsing text: String) {
    let bytes = Array(text.utf8)
    if bytes == [UInt8(ascii: "0")] {
      self.init(milliseconds: 0)
      return
    }
    guard !bytes.isEmpty else { return nil }
    var total: Int64 = 0
    var index = 0
    while index < bytes.count {
      // NUMBER: integer digits, optional `.` and fraction digits; at least one digit overall.
      var integerPart: Int64 = 0
      var sawDigit = false
      while index < bytes.count, let digit = Self.digit(bytes[index]) {
        guard let next = Self.multiplyAdd(integerPart, 10, Int64(digit)) else { return nil }
        integerPart = next
        sawDigit = true
        index += 1
      }
      var fraction: [UInt8] = []
      if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
        index += 1
        while index < bytes.count, let digit = Self.digit(bytes[index]) {
          fraction.append(digit)
          sawDigit = true
          index += 1
        }
      }
      guard sawDigit else { return nil }
      // UNIT: `ms` must be tried before `m`.
      let unitStart = index
      while index < bytes.count, bytes[index] >= UInt8(ascii: "a"), bytes[index] <= UInt8(ascii: "z") { index += 1 }
      let scale: Int64
      switch String(decoding: bytes[unitStart..<index], as: UTF8.self) {
      case "ms": scale = 1
      case "s": scale = 1000
      case "m": scale = 60_000
      case "h": scale = 3_600_000
      default: return nil
      }
      guard let whole = Self.multiplyAdd(integerPart, scale, 0) else { return nil }
      // The fraction times the scale must come out whole: fraction digits d1 d2 … dk mean
      // (d1…dk · scale) / 10^k milliseconds.
      var fractionMilliseconds: Int64 = 0
      if !fraction.isEmpty {
        let trimmed = fraction.reversed().drop { $0 == 0 }.reversed()
        guard trimmed.count <= 12 else { return nil }
        var numerator: Int64 = 0
        var denominator: Int64 = 1
        for digit in trimmed {
          numerator = numerator * 10 + Int64(digit)
          denominator *= 10
        }
        // numerator < 10^12 and scale ≤ 3.6·10^6: the product fits in Int64.
        let scaled = numerator * scale
        guard scaled % denominator == 0 else { return nil }
        fractionMilliseconds = scaled / denominator
      }
      let (partial, overflow1) = whole.addingReportingOverflow(fractionMilliseconds)
      let (sum, overflow2) = total.addingReportingOverflow(partial)
      guard !overflow1, !overflow2 else { return nil }
      total = sum
    }
    self.init(milliseconds: total)
  }

  private static func digit(_ byte: UInt8) -> UInt8? {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? byte - UInt8(ascii: "0") : nil
  }

  /// `value * factor + addend`, or nil on overflow.
  private static func multiplyAdd(_ value: Int64, _ factor: Int64, _ addend: Int64) -> Int64? {
    let (product, overflow1) = value.multipliedReportingOverflow(by: factor)
    let (sum, overflow2) = product.addingReportingOverflow(addend)
    return overflow1 || overflow2 ? nil : sum
  }
}

extension DurationValue: CustomStringConvertible {
  /// The canonical text described on the parsing initializer: `1h30m`, `1m30s`, `250ms`, `0s`.
  /// A negative value (only constructible directly, never parsed) prints with a leading `-`.
  public var description: String {
    if milliseconds == 0 { return "0s" }
    var remaining = milliseconds.magnitude
    var out = milliseconds < 0 ? "-" : ""
    let hours = remaining / 3_600_000
    remaining %= 3_600_000
    let minutes = remaining / 60_000
    remaining %= 60_000
    let seconds = remaining / 1000
    let millis = remaining % 1000
    if hours > 0 { out += "\(hours)h" }
    if minutes > 0 { out += "\(minutes)m" }
    if seconds > 0 { out += "\(seconds)s" }
    if millis > 0 { out += "\(millis)ms" }
    return out
  }
}
