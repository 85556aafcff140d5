/// Arithmetic on ``Number`` with HCL's semantics and exact decimal results.
///
/// Precision policy (HCL itself computes with 512-bit binary floats; immplan is exact instead,
/// which is what makes `0.1 + 0.2 == 0.3` hold):
/// - `+`, `-` and `*` are exact up to ``Number/maximumSignificantDigits`` (1000) significant
///   digits. Longer results are rounded half-to-even to that many digits; configurations never
///   come near it, but a runaway `pow` or a 5000-digit literal cannot eat memory.
/// - `/` is exact when the quotient terminates (`1 / 8 == 0.125`, `1 / 1024`), otherwise it is
///   rounded half-to-even to ``Number/divisionSignificantDigits`` (50) significant digits
///   (`1 / 3 == 0.333…3` with 50 threes). Dividing by zero returns nil; the caller reports it.
/// - `%` is truncated remainder, as cty's `Modulo`: `a - b * trunc(a / b)`, so the result has the
///   dividend's sign (`-7 % 3 == -1`, `7 % -3 == 1`, `5.5 % 2 == 1.5`). Modulo zero returns nil.
///   When `|a / b| ≥ 10^1000` the remainder is below the precision and is returned as 0.
/// - ``Number/power(_:)`` raises to an integer exponent by repeated squaring under the same
///   1000-digit policy; nil for `0` to a negative power or a result whose decimal exponent
///   exceeds ±``Number/exponentLimit``.
extension Number {
  /// Significant digits kept by `+`, `-`, `*` and `power` before rounding half-to-even.
  public static let maximumSignificantDigits = 1000
  /// Significant digits of a quotient that does not terminate.
  public static let divisionSignificantDigits = 50
  /// `power` returns nil rather than build a number beyond `10^±exponentLimit`.
  public static let exponentLimit = 1_000_000_000
}

// MARK: - Comparison

extension Number: Comparable {
  public static func < (lhs: Number, rhs: Number) -> Bool {
    if lhs.isNegative != rhs.isNegative { return lhs.isNegative }
    let order = compareMagnitudes(lhs, rhs)
    return lhs.isNegative ? order > 0 : order < 0
  }

  /// -1, 0 or 1 as `|lhs|` is less than, equal to or greater than `|rhs|`.
  static func compareMagnitudes(_ lhs: Number, _ rhs: Number) -> Int {
    if lhs.isZero || rhs.isZero { return (lhs.isZero ? 0 : 1) - (rhs.isZero ? 0 : 1) }
    let lhsTop = lhs.digits.count + lhs.exponent
    let rhsTop = rhs.digits.count + rhs.exponent
    if lhsTop != rhsTop { return lhsTop < rhsTop ? -1 : 1 }
    for index in 0..<min(lhs.digits.count, rhs.digits.count) where lhs.digits[index] != rhs.digits[index] {
      return lhs.digits[index] < rhs.digits[index] ? -1 : 1
    }
    // Equal prefixes: with no trailing zeros, the longer one has more below.
    if lhs.digits.count == rhs.digits.count { return 0 }
    return lhs.digits.count < rhs.digits.count ? -1 : 1
  }

  /// One past the decimal position of the most significant digit (`123` → 3, `0.05` → -1).
  var topPosition: Int { digits.count + exponent }
}

// MARK: - Numeric conformance

extension Number: SignedNumeric, ExpressibleByIntegerLiteral {
  public init(integerLiteral value: Int) { self.init(value) }

  public init?<T: BinaryInteger>(exactly source: T) {
    self.init(String(source))
  }

  /// The absolute value.
  public var magnitude: Number { isNegative ? -self : self }

  public static prefix func - (operand: Number) -> Number {
    if operand.isZero { return operand }
    return Number(isNegative: !operand.isNegative, digits: operand.digits, exponent: operand.exponent)
  }

  public mutating func negate() { self = -self }

  public static func + (lhs: Number, rhs: Number) -> Number { add(lhs, rhs) }
  public static func - (lhs: Number, rhs: Number) -> Number { add(lhs, -rhs) }
  public static func += (lhs: inout Number, rhs: Number) { lhs = lhs + rhs }
  public static func -= (lhs: inout Number, rhs: Number) { lhs = lhs - rhs }

  public static func * (lhs: Number, rhs: Number) -> Number {
    if lhs.isZero || rhs.isZero { return .zero }
    // Fast path: at most 18 digits in all, so the product fits in an Int.
    if lhs.digits.count + rhs.digits.count <= 18, let left = lhs.alignedCoefficient(to: lhs.exponent),
      let right = rhs.alignedCoefficient(to: rhs.exponent)
    {
      return Number(coefficient: left * right, exponent: lhs.exponent + rhs.exponent)
    }
    // Schoolbook multiplication on little-endian digits; column sums fit easily in Int.
    let left = Array(lhs.digits.reversed())
    let right = Array(rhs.digits.reversed())
    var columns = [Int](repeating: 0, count: left.count + right.count)
    for (i, a) in left.enumerated() where a != 0 {
      for (j, b) in right.enumerated() { columns[i + j] += Int(a) * Int(b) }
    }
    var carry = 0
    var product = [UInt8](repeating: 0, count: columns.count)
    for index in columns.indices {
      let total = columns[index] + carry
      product[index] = UInt8(total % 10)
      carry = total / 10
    }
    precondition(carry == 0, "product overflowed its width")
    let result = Number(
      isNegative: lhs.isNegative != rhs.isNegative, digits: product.reversed(), exponent: lhs.exponent + rhs.exponent)
    return result.rounded(toSignificantDigits: maximumSignificantDigits, sticky: false)
  }

  public static func *= (lhs: inout Number, rhs: Number) { lhs = lhs * rhs }
}

// MARK: - Addition

extension Number {
  private static func add(_ lhs: Number, _ rhs: Number) -> Number {
    if lhs.isZero { return rhs.rounded(toSignificantDigits: maximumSignificantDigits, sticky: false) }
    if rhs.isZero { return lhs.rounded(toSignificantDigits: maximumSignificantDigits, sticky: false) }
    // Fast path: both coefficients, aligned to the smaller exponent, fit in 18 digits, so the
    // sum fits in an Int (|sum| < 2·10^18).
    let base = min(lhs.exponent, rhs.exponent)
    if let left = lhs.alignedCoefficient(to: base), let right = rhs.alignedCoefficient(to: base) {
      return Number(coefficient: left + right, exponent: base)
    }
    // An operand entirely below the larger one's precision window (by a margin of two digits) is
    // less than half a unit in the last place of the result: skip it instead of aligning
    // `1e100000000 + 1` into a hundred million digits.
    let (large, small) = lhs.topPosition >= rhs.topPosition ? (lhs, rhs) : (rhs, lhs)
    if small.topPosition + 2 < min(large.exponent, large.topPosition - maximumSignificantDigits) {
      return large.rounded(toSignificantDigits: maximumSignificantDigits, sticky: false)
    }
    let width = max(lhs.topPosition, rhs.topPosition) - base + 1
    let left = lhs.littleEndianDigits(from: base, width: width)
    let right = rhs.littleEndianDigits(from: base, width: width)
    var result = [UInt8](repeating: 0, count: width)
    let isNegative: Bool
    if lhs.isNegative == rhs.isNegative {
      isNegative = lhs.isNegative
      var carry: UInt8 = 0
      for index in 0..<width {
        let total = left[index] + right[index] + carry
        result[index] = total % 10
        carry = total / 10
      }
    } else {
      // Subtract the smaller magnitude from the larger; the sign is the larger's.
      let order = compareMagnitudes(lhs, rhs)
      if order == 0 { return .zero }
      let (minuend, subtrahend) = order > 0 ? (left, right) : (right, left)
      isNegative = order > 0 ? lhs.isNegative : rhs.isNegative
      var borrow: UInt8 = 0
      for index in 0..<width {
        let subtract = subtrahend[index] + borrow
        if minuend[index] >= subtract {
          result[index] = minuend[index] - subtract
          borrow = 0
        } else {
          result[index] = minuend[index] + 10 - subtract
          borrow = 1
        }
      }
    }
    return Number(isNegative: isNegative, digits: result.reversed(), exponent: base)
      .rounded(toSignificantDigits: maximumSignificantDigits, sticky: false)
  }

  /// The signed coefficient scaled to exponent `base` (≤ `exponent`), when it has at most 18
  /// digits; nil otherwise.
  fileprivate func alignedCoefficient(to base: Int) -> Int? {
    let shift = exponent - base
    guard shift >= 0, digits.count + shift <= 18 else { return nil }
    var value = 0
    for digit in digits { value = value &* 10 &+ Int(digit) }
    for _ in 0..<shift { value = value &* 10 }
    return isNegative ? -value : value
  }

  /// `coefficient × 10^exponent`, normalised.
  fileprivate init(coefficient: Int, exponent: Int) {
    var magnitude = coefficient.magnitude
    var reversed: [UInt8] = []
    reversed.reserveCapacity(19)
    repeat {
      reversed.append(UInt8(magnitude % 10))
      magnitude /= 10
    } while magnitude > 0
    self.init(isNegative: coefficient < 0, digits: reversed.reversed(), exponent: exponent)
  }

  /// Digits from decimal position `base` upwards, least significant first, zero-padded to `width`.
  private func littleEndianDigits(from base: Int, width: Int) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: width)
    let shift = exponent - base
    for (offset, digit) in digits.reversed().enumerated() { out[shift + offset] = digit }
    return out
  }
}

// MARK: - Division and remainder

extension Number {
  /// The quotient, exact when it terminates, else rounded to 50 significant digits; nil when
  /// `rhs` is zero.
  public static func / (lhs: Number, rhs: Number) -> Number? {
    guard !rhs.isZero else { return nil }
    if lhs.isZero { return .zero }
    var division = LongDivision(divisor: rhs.digits)
    var quotient: [UInt8] = []
    func append(_ digit: UInt8) {
      if digit != 0 || !quotient.isEmpty { quotient.append(digit) }
    }
    for digit in lhs.digits { append(division.step(digit)) }
    // Coefficients A / B terminate iff B without its factors 2 and 5 divides A (that part of B
    // is coprime to 10, so it must cancel against A). Decide that up front rather than by
    // running the long division for the up to log2(B) fractional digits a terminating
    // quotient may need, which is slow for long divisors.
    let isExact = division.isRemainderZero || terminates(lhs.digits, over: rhs.digits)
    var fractionDigits = 0
    while !division.isRemainderZero {
      if !isExact && quotient.count > divisionSignificantDigits { break }
      append(division.step(0))
      fractionDigits += 1
    }
    let result = Number(
      isNegative: lhs.isNegative != rhs.isNegative, digits: quotient,
      exponent: lhs.exponent - rhs.exponent - fractionDigits)
    if isExact { return result.rounded(toSignificantDigits: maximumSignificantDigits, sticky: false) }
    return result.rounded(toSignificantDigits: divisionSignificantDigits, sticky: true)
  }

  /// Whether the decimal expansion of `numerator / denominator` (integer coefficients, most
  /// significant digit first) terminates.
  private static func terminates(_ numerator: [UInt8], over denominator: [UInt8]) -> Bool {
    var rest = denominator
    while let last = rest.last, last % 2 == 0 { rest = divide(rest, by: 2) }
    while let last = rest.last, last == 0 || last == 5 { rest = divide(rest, by: 5) }
    if rest == [1] { return true }
    var division = LongDivision(divisor: rest)
    for digit in numerator { _ = division.step(digit) }
    return division.isRemainderZero
  }

  /// `digits / divisor` for a small divisor that divides exactly; no leading zeros kept.
  private static func divide(_ digits: [UInt8], by divisor: Int) -> [UInt8] {
    var quotient: [UInt8] = []
    quotient.reserveCapacity(digits.count)
    var remainder = 0
    for digit in digits {
      let value = remainder * 10 + Int(digit)
      let q = value / divisor
      remainder = value % divisor
      if !(quotient.isEmpty && q == 0) { quotient.append(UInt8(q)) }
    }
    return quotient.isEmpty ? [0] : quotient
  }

  /// Truncated remainder with the dividend's sign (cty's `Modulo`); nil when `rhs` is zero.
  public static func % (lhs: Number, rhs: Number) -> Number? {
    guard !rhs.isZero else { return nil }
    if compareMagnitudes(lhs, rhs) < 0 { return lhs }
    if lhs.topPosition - rhs.topPosition > maximumSignificantDigits { return .zero }
    // With a common exponent e, a % b = (A' mod B') · 10^e on integer coefficients. Both shifts
    // are bounded: |a| ≥ |b| and the quotient has at most 1000 integer digits (checked above).
    let base = min(lhs.exponent, rhs.exponent)
    var division = LongDivision(
      divisor: rhs.digits + [UInt8](repeating: 0, count: rhs.exponent - base))
    for digit in lhs.digits { _ = division.step(digit) }
    for _ in 0..<(lhs.exponent - base) { _ = division.step(0) }
    return Number(isNegative: lhs.isNegative, digits: division.remainderDigits, exponent: base)
  }
}

/// Schoolbook long division by a fixed integer divisor, fed one dividend digit at a time.
/// Divisors of up to 18 digits use `UInt64` arithmetic; longer ones a digit array.
private struct LongDivision {
  /// Most significant first, no leading zeros, not zero.
  let divisor: [UInt8]
  let smallDivisor: UInt64?
  var smallRemainder: UInt64 = 0
  /// Most significant first, no leading zeros; empty means zero. Always less than `divisor`.
  var remainder: [UInt8] = []

  init(divisor: [UInt8]) {
    var start = 0
    while start < divisor.count - 1, divisor[start] == 0 { start += 1 }
    self.divisor = Array(divisor[start...])
    if self.divisor.count <= 18 {
      smallDivisor = self.divisor.reduce(0) { $0 * 10 + UInt64($1) }
    } else {
      smallDivisor = nil
    }
  }

  var isRemainderZero: Bool { smallDivisor != nil ? smallRemainder == 0 : remainder.isEmpty }

  var remainderDigits: [UInt8] {
    guard smallDivisor != nil else { return remainder.isEmpty ? [0] : remainder }
    return Array(String(smallRemainder).utf8.map { $0 - UInt8(ascii: "0") })
  }

  /// Brings down `digit` and returns the next quotient digit.
  mutating func step(_ digit: UInt8) -> UInt8 {
    if let small = smallDivisor {
      // remainder < divisor < 10^18, so remainder·10 + 9 < 10^19 < 2^64.
      let value = smallRemainder * 10 + UInt64(digit)
      smallRemainder = value % small
      return UInt8(value / small)
    }
    if !remainder.isEmpty || digit != 0 { remainder.append(digit) }
    var quotient: UInt8 = 0
    while Self.isAtLeast(remainder, divisor) {
      Self.subtract(&remainder, divisor)
      quotient += 1
    }
    return quotient
  }

  private static func isAtLeast(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    if a.count != b.count { return a.count > b.count }
    for index in a.indices where a[index] != b[index] { return a[index] > b[index] }
    return true
  }

  /// `a -= b` for `a ≥ b`, then strips leading zeros.
  private static func subtract(_ a: inout [UInt8], _ b: [UInt8]) {
    var borrow: UInt8 = 0
    var i = a.count - 1
    var j = b.count - 1
    while i >= 0 {
      let subtract = (j >= 0 ? b[j] : 0) + borrow
      if a[i] >= subtract {
        a[i] -= subtract
        borrow = 0
      } else {
        a[i] = a[i] + 10 - subtract
        borrow = 1
      }
      i -= 1
      j -= 1
    }
    let leadingZeros = a.prefix { $0 == 0 }.count
    a.removeFirst(leadingZeros)
  }
}

// MARK: - Rounding and powers

extension Number {
  /// Rounded to an integer by `rule` (`.down` is floor, `.up` is ceil, `.towardZero` truncates).
  public func rounded(_ rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> Number {
    if isInteger { return self }
    let integerCount = max(0, topPosition)
    let integerDigits = Array(digits.prefix(integerCount))
    // The fraction is non-zero: there is no trailing zero and the exponent is negative.
    let firstFraction: UInt8 = topPosition < 0 ? 0 : digits[integerCount]
    let moreFraction = topPosition < 0 || digits.count > integerCount + 1
    let isLastOdd = (integerDigits.last ?? 0) % 2 == 1
    let awayFromZero: Bool
    switch rule {
    case .towardZero: awayFromZero = false
    case .awayFromZero: awayFromZero = true
    case .down: awayFromZero = isNegative
    case .up: awayFromZero = !isNegative
    case .toNearestOrAwayFromZero: awayFromZero = firstFraction >= 5
    case .toNearestOrEven: awayFromZero = firstFraction > 5 || (firstFraction == 5 && (moreFraction || isLastOdd))
    @unknown default: awayFromZero = firstFraction >= 5
    }
    var result = Number(isNegative: isNegative, digits: integerDigits.isEmpty ? [0] : integerDigits, exponent: 0)
    if awayFromZero { result = isNegative ? result - .one : result + .one }
    return result
  }

  /// `self` rounded half-to-even to `count` significant digits. `sticky` says the true value
  /// is slightly larger in magnitude than `self` (a non-zero remainder beyond the digits).
  func rounded(toSignificantDigits count: Int, sticky: Bool) -> Number {
    guard digits.count > count else { return self }
    var kept = Array(digits.prefix(count))
    let next = digits[count]
    let restIsNonZero = sticky || digits.count > count + 1
    let roundsUp = next > 5 || (next == 5 && (restIsNonZero || kept[count - 1] % 2 == 1))
    if roundsUp {
      var index = count - 1
      while index >= 0 {
        if kept[index] == 9 {
          kept[index] = 0
          index -= 1
        } else {
          kept[index] += 1
          break
        }
      }
      if index < 0 { kept.insert(1, at: 0) }
    }
    let dropped = digits.count - count + (kept.count - count)
    return Number(isNegative: isNegative, digits: kept, exponent: exponent + dropped)
  }

  /// `self` raised to the integer power `exponent` (`x^0 == 1`, including `0^0`, as Terraform's
  /// `pow`). nil for zero to a negative power, or when the result is beyond `10^±exponentLimit`.
  public func power(_ exponent: Int) -> Number? {
    if exponent == 0 { return .one }
    if magnitude == .one { return isNegative && exponent % 2 != 0 ? self : .one }
    if isZero { return exponent > 0 ? .zero : nil }
    guard exponent != Int.min else { return nil }
    if exponent < 0 {
      guard let positive = power(-exponent) else { return nil }
      return Number.one / positive
    }
    // |x| ≥ 2 or ≤ 0.5 moves at least log10(2) ≈ 0.301 decimal places per factor: past this
    // many factors the result is certainly beyond 10^±exponentLimit. Bail out before dozens
    // of 1000-digit squarings.
    if exponent > Number.exponentLimit / 3 * 10 {
      let size = magnitude
      if size >= 2 || size <= Number(isNegative: false, digits: [5], exponent: -1) { return nil }
    }
    var result = Number.one
    var base = self
    var remaining = exponent
    while true {
      if remaining & 1 == 1 {
        result = result * base
        guard abs(result.topPosition) <= Number.exponentLimit else { return nil }
      }
      remaining >>= 1
      if remaining == 0 { break }
      base = base * base
      guard abs(base.topPosition) <= Number.exponentLimit else { return nil }
    }
    return result
  }
}
