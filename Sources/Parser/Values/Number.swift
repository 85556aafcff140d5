/// An HCL number: arbitrary-precision decimal, never `Double` (BRIEF §2: `0.1 + 0.2 == 0.3`,
/// large integers exact).
///
/// Stored normalised as `(-1)^isNegative × coefficient × 10^exponent` where `coefficient` is a
/// string of decimal digits without leading zeros (or `"0"` with exponent 0 and positive sign), and
/// without trailing zeros. So two equal numbers have equal storage, and the synthesized `==` and
/// `hash` are numeric equality. Arithmetic lives in `Number+Arithmetic.swift`.
public struct Number: Sendable, Hashable {
  /// Decimal digits, most significant first, each 0...9; no leading or trailing zeros except `[0]`.
  public private(set) var digits: [UInt8]
  public private(set) var exponent: Int
  public private(set) var isNegative: Bool

  /// Builds a normalised number; `digits` may have leading/trailing zeros.
  public init(isNegative: Bool, digits: [UInt8], exponent: Int) {
    var start = 0
    while start < digits.count - 1, digits[start] == 0 { start += 1 }
    var end = digits.count
    var exponent = exponent
    while end - 1 > start, digits[end - 1] == 0 {
      end -= 1
      exponent += 1
    }
    var trimmed = Array(digits[start..<end])
    if trimmed.isEmpty || trimmed == [0] {
      trimmed = [0]
      self.digits = trimmed
      self.exponent = 0
      self.isNegative = false
      return
    }
    self.digits = trimmed
    self.exponent = exponent
    self.isNegative = isNegative
  }

  public init(_ value: Int) {
    var magnitude = value.magnitude
    var digits: [UInt8] = []
    repeat {
      digits.append(UInt8(magnitude % 10))
      magnitude /= 10
    } while magnitude > 0
    self.init(isNegative: value < 0, digits: digits.reversed(), exponent: 0)
  }

  public static let zero = Number(0)
  public static let one = Number(1)

  /// Parses HCL's number syntax and JSON numbers: `-?digits(.digits)?([eE][+-]?digits)?`.
  /// Returns nil for anything else (no hex, no `.5`, no `1.`, no NaN or infinity), and for a
  /// written exponent beyond ±``exponentLimit`` (10^9).
  public init?(_ text: some StringProtocol) {
    var utf8 = Array(text.utf8)[...]
    var negative = false
    if utf8.first == UInt8(ascii: "-") {
      negative = true
      utf8 = utf8.dropFirst()
    } else if utf8.first == UInt8(ascii: "+") {
      utf8 = utf8.dropFirst()
    }
    var digits: [UInt8] = []
    var exponent = 0
    var sawDigit = false
    while let byte = utf8.first, byte >= 0x30, byte <= 0x39 {
      digits.append(byte - 0x30)
      sawDigit = true
      utf8 = utf8.dropFirst()
    }
    guard sawDigit else { return nil }
    if utf8.first == UInt8(ascii: ".") {
      utf8 = utf8.dropFirst()
      var fraction = false
      while let byte = utf8.first, byte >= 0x30, byte <= 0x39 {
        digits.append(byte - 0x30)
        exponent -= 1
        fraction = true
        utf8 = utf8.dropFirst()
      }
      guard fraction else { return nil }
    }
    if let e = utf8.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
      utf8 = utf8.dropFirst()
      var expNegative = false
      if let sign = utf8.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
        expNegative = sign == UInt8(ascii: "-")
        utf8 = utf8.dropFirst()
      }
      var value = 0
      var sawExp = false
      while let byte = utf8.first, byte >= 0x30, byte <= 0x39 {
        // Beyond ±exponentLimit nothing is representable without risking overflow later
        // (HCL's big floats overflow there too): reject rather than truncate silently.
        value = value * 10 + Int(byte - 0x30)
        guard value <= Number.exponentLimit else { return nil }
        sawExp = true
        utf8 = utf8.dropFirst()
      }
      guard sawExp else { return nil }
      exponent += expNegative ? -value : value
    }
    guard utf8.isEmpty else { return nil }
    self.init(isNegative: negative, digits: digits, exponent: exponent)
  }

  public var isZero: Bool { digits == [0] }
  public var isInteger: Bool { exponent >= 0 }

  /// The value as an `Int` when it is an integer that fits.
  public var intValue: Int? {
    guard isInteger, digits.count + exponent <= 18 else { return nil }
    var value = 0
    for digit in digits { value = value * 10 + Int(digit) }
    for _ in 0..<exponent { value *= 10 }
    return isNegative ? -value : value
  }
}

extension Number: CustomStringConvertible {
  /// Numbers whose plain text would need more than this many zeros around their digits are
  /// printed in exponent form (see ``description``).
  public static let plainTextZeroLimit = 10_000

  /// Canonical text: plain decimal notation (`1500`, `0.25`, `-3`), as HCL prints numbers.
  /// Stable: the plan and state files rely on it. The one exception keeps memory bounded: a
  /// number that would need more than ``plainTextZeroLimit`` padding zeros (`1e100000000`, a
  /// literal HCL accepts) is written as digits with an exponent, `1e+100000000` or
  /// `1.5e-20000`, which ``init(_:)`` parses back to the same value.
  public var description: String {
    let pointPosition = digits.count + exponent
    if exponent > Number.plainTextZeroLimit || pointPosition < -Number.plainTextZeroLimit {
      var out = isNegative ? "-" : ""
      out += String(digits[0])
      if digits.count > 1 {
        out += "."
        out += String(decoding: digits.dropFirst().map { $0 + 0x30 }, as: UTF8.self)
      }
      let scientificExponent = pointPosition - 1
      out += scientificExponent < 0 ? "e-" : "e+"
      out += String(scientificExponent.magnitude)
      return out
    }
    return plainText
  }

  /// Plain decimal notation whatever the size (callers bound the exponent first).
  var plainText: String {
    var out: [UInt8] = []
    if isNegative { out.append(UInt8(ascii: "-")) }
    if exponent >= 0 {
      out.append(contentsOf: digits.map { $0 + 0x30 })
      if !isZero { out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: exponent)) }
    } else {
      let pointPosition = digits.count + exponent
      if pointPosition <= 0 {
        out.append(UInt8(ascii: "0"))
        out.append(UInt8(ascii: "."))
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -pointPosition))
        out.append(contentsOf: digits.map { $0 + 0x30 })
      } else {
        out.append(contentsOf: digits[..<pointPosition].map { $0 + 0x30 })
        out.append(UInt8(ascii: "."))
        out.append(contentsOf: digits[pointPosition...].map { $0 + 0x30 })
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
