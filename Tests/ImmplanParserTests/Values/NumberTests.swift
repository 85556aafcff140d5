import ImmplanParser
import Testing

private func n(_ text: String) -> Number {
  guard let number = Number(text) else { preconditionFailure("bad test literal \(text)") }
  return number
}

@Suite struct NumberArithmeticTests {
  @Test func decimalAdditionIsExact() {
    #expect(n("0.1") + n("0.2") == n("0.3"))
    #expect((n("0.1") + n("0.2")).description == "0.3")
    #expect(n("1.005") + n("2.995") == 4)
    #expect(n("-0.1") + n("0.1") == .zero)
    #expect((n("-0.1") + n("0.1")).description == "0")
  }

  @Test(arguments: [
    ("1", "2", "3"), ("-1", "2", "1"), ("1", "-2", "-1"), ("-1", "-2", "-3"), ("999", "1", "1000"),
    ("1000", "-1", "999"), ("0.5", "0.5", "1"), ("1e3", "1e-3", "1000.001"), ("123.456", "-123.456", "0"),
    ("99999999999999999999", "1", "100000000000000000000"), ("0", "-5", "-5"), ("1.25", "0", "1.25"),
  ])
  func addition(lhs: String, rhs: String, sum: String) {
    #expect((n(lhs) + n(rhs)).description == sum)
    #expect((n(rhs) + n(lhs)).description == sum)
    #expect((n(sum) - n(rhs)) == n(lhs))
  }

  @Test func bigIntegersAreExact() {
    let big = n("123456789012345678901234567890")
    #expect((big + 1).description == "123456789012345678901234567891")
    #expect((big * big).description == "15241578753238836750495351562536198787501905199875019052100")
    #expect((big * big / big) == big)
    let twoTo64 = n("2").power(64)!
    #expect(twoTo64.description == "18446744073709551616")
    #expect((twoTo64 - 1).description == "18446744073709551615")
  }

  @Test(arguments: [
    ("2", "3", "6"), ("-2", "3", "-6"), ("-2", "-3", "6"), ("0.1", "0.1", "0.01"), ("1.5", "4", "6"),
    ("1e10", "1e-10", "1"), ("0", "-7", "0"), ("12345", "0.001", "12.345"),
  ])
  func multiplication(lhs: String, rhs: String, product: String) {
    #expect((n(lhs) * n(rhs)).description == product)
    #expect((n(rhs) * n(lhs)).description == product)
  }

  @Test(arguments: [
    ("1", "8", "0.125"), ("10", "4", "2.5"), ("-9", "3", "-3"), ("1", "1024", "0.0009765625"),
    ("0.3", "0.1", "3"), ("7", "-2", "-3.5"), ("0", "5", "0"),
    ("1e20", "1e-20", "1" + String(repeating: "0", count: 40)),
    ("1", "3", "0.33333333333333333333333333333333333333333333333333"),
    ("2", "3", "0.66666666666666666666666666666666666666666666666667"),
    ("-1", "3", "-0.33333333333333333333333333333333333333333333333333"),
    ("1", "7", "0.14285714285714285714285714285714285714285714285714"),
    ("100", "3", "33.333333333333333333333333333333333333333333333333"),
  ])
  func division(lhs: String, rhs: String, quotient: String) {
    #expect((n(lhs) / n(rhs))?.description == quotient)
  }

  @Test func longTerminatingQuotientIsExact() {
    // 1 / 2^100 terminates after 100 fractional digits (70 significant): exact, not rounded to 50.
    let q = (Number.one / n("2").power(100)!)!
    #expect(q * n("2").power(100)! == .one)
    #expect(q.digits.count == 70)
  }

  @Test func divisionByLongDivisor() {
    let divisor = n("1234567890123456789012345")  // past the 18-digit fast path
    #expect((divisor * 3 / divisor) == 3)
    #expect((Number.one / divisor)!.digits.count == Number.divisionSignificantDigits)
    #expect((divisor % n("1000000000000000000000")) == n("567890123456789012345"))
  }

  @Test func divisionAndModuloByZeroAreNil() {
    #expect(Number.one / .zero == nil)
    #expect(Number.zero / .zero == nil)
    #expect(Number.one % .zero == nil)
  }

  @Test(arguments: [
    ("7", "3", "1"), ("-7", "3", "-1"), ("7", "-3", "1"), ("-7", "-3", "-1"), ("5.5", "2", "1.5"),
    ("6", "3", "0"), ("1", "5", "1"), ("-0.5", "0.2", "-0.1"), ("1e10", "7", "4"), ("0", "3", "0"),
    ("10", "0.3", "0.1"),
  ])
  func modulo(lhs: String, rhs: String, remainder: String) {
    #expect((n(lhs) % n(rhs))?.description == remainder)
  }

  @Test func moduloBeyondPrecisionIsZero() {
    #expect(n("1e5000") % n("3") == .zero)
  }

  @Test func negationAndMagnitude() {
    #expect((-n("2.5")).description == "-2.5")
    #expect((-Number.zero).description == "0")
    #expect(abs(n("-3")) == 3)
    #expect(n("-3").magnitude == 3)
    var x = n("4")
    x.negate()
    #expect(x == -4)
  }

  @Test func comparison() {
    let ordered = ["-1000", "-2.5", "-2", "-0.001", "0", "0.0001", "0.001", "0.5", "1", "1.5", "10", "1e20"].map(n)
    for (i, a) in ordered.enumerated() {
      for (j, b) in ordered.enumerated() {
        #expect((a < b) == (i < j), "\(a) < \(b)")
        #expect((a == b) == (i == j))
      }
    }
    #expect(max(n("0.3"), n("0.25")) == n("0.3"))
  }

  @Test(arguments: [
    ("2.5", "2", "3", "2", "3", "2"), ("-2.5", "-3", "-2", "-2", "-3", "-2"), ("0.4", "0", "1", "0", "0", "0"),
    ("-0.4", "-1", "0", "0", "0", "0"), ("7", "7", "7", "7", "7", "7"), ("3.5", "3", "4", "3", "4", "4"),
    ("0.05", "0", "1", "0", "0", "0"), ("-0.05", "-1", "0", "0", "0", "0"), ("9.99", "9", "10", "9", "10", "10"),
    ("2.51", "2", "3", "2", "3", "3"),
  ])
  func rounding(
    value: String, floor: String, ceil: String, truncated: String, nearestAway: String, nearestEven: String
  ) {
    let x = n(value)
    #expect(x.rounded(.down).description == floor)
    #expect(x.rounded(.up).description == ceil)
    #expect(x.rounded(.towardZero).description == truncated)
    #expect(x.rounded(.toNearestOrAwayFromZero).description == nearestAway)
    #expect(x.rounded(.toNearestOrEven).description == nearestEven)
  }

  @Test func powers() {
    #expect(n("2").power(10) == 1024)
    #expect(n("-2").power(3) == -8)
    #expect(n("-1").power(1_000_001) == -1)
    #expect(n("1").power(Int.max) == 1)
    #expect(n("0.5").power(2) == n("0.25"))
    #expect(n("2").power(-2) == n("0.25"))
    #expect(n("0").power(0) == 1)
    #expect(n("5").power(0) == 1)
    #expect(n("0").power(3) == 0)
    #expect(n("0").power(-1) == nil)
    #expect(n("10").power(Int.max) == nil)
    #expect(n("10").power(Int.min) == nil)
    #expect(n("3").power(2000)!.digits.count == 955)  // exact: 955 digits is within the 1000-digit policy
  }

  @Test func hugeExponentsDoNotExplode() {
    // Adding numbers ten million orders of magnitude apart must not align ten million digits.
    let huge = n("1e10000000")
    #expect(huge + 1 == huge)
    #expect(huge - 1 == huge)
    #expect(1 + huge == huge)
    #expect(n("1e-10000000") + 1 == 1)
    let product = n("9").power(5000)!
    #expect(product.digits.count == Number.maximumSignificantDigits)
  }

  @Test func integerLiteralsAndExactInit() {
    let x: Number = 42
    #expect(x == Number(42))
    #expect(Number(exactly: UInt64.max)?.description == "18446744073709551615")
    #expect(Number(exactly: Int.min)?.description == "-9223372036854775808")
    #expect(Number(Int.min).description == "-9223372036854775808")
  }

  @Test func intValueRoundTrips() {
    #expect(n("1500").intValue == 1500)
    #expect(n("-7").intValue == -7)
    #expect(n("1.5").intValue == nil)
    #expect(n("1e30").intValue == nil)
  }

  /// Randomised check against Int arithmetic.
  @Test func agreesWithIntegerArithmetic() {
    var state: UInt64 = 42
    func next() -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: state >> 33) % 2_000_001 - 1_000_000
    }
    for _ in 0..<500 {
      let a = next()
      let b = next()
      #expect(Number(a) + Number(b) == Number(a + b))
      #expect(Number(a) - Number(b) == Number(a - b))
      #expect(Number(a) * Number(b) == Number(a * b))
      #expect((Number(a) < Number(b)) == (a < b))
      if b != 0 {
        #expect(Number(a) % Number(b) == Number(a % b))
        if a % b == 0 { #expect(Number(a) / Number(b) == Number(a / b)) }
        #expect((Number(a) / Number(b))!.rounded(.towardZero) == Number(a / b))
      }
    }
  }
}

@Suite struct NumberConversionTests {
  @Test(arguments: [
    ("1", "1"), ("+1", "1"), ("-1", "-1"), ("1.", "1"), (".5", "0.5"), ("-.5", "-0.5"), ("+.5e1", "5"), ("1E3", "1000"),
    ("00012", "12"), ("-0", "0"), ("1.50", "1.5"), ("1e-2", "0.01"),
  ])
  func accepts(text: String, canonical: String) {
    #expect(Number(converting: text)?.description == canonical)
  }

  @Test(arguments: ["", ".", "+", "-", "1_000", "0x10", " 1", "1 ", "1e", "1e+", "1.5.", "inf", "NaN", "1..2", "e5"])
  func rejects(text: String) {
    #expect(Number(converting: text) == nil)
  }
}

/// 250 random operand pairs against Python's `decimal` (see NumberReferenceVectors.swift).
@Suite struct NumberReferenceTests {
  @Test func matchesDecimalReference() {
    for (lhsText, rhsText, sum, difference, product, quotient, remainder) in numberReferenceVectors {
      let lhs = Number(lhsText)!
      let rhs = Number(rhsText)!
      let context = "\(lhsText) ∘ \(rhsText)"
      #expect((lhs + rhs).description == sum, "\(context) +")
      #expect((lhs - rhs).description == difference, "\(context) -")
      #expect((lhs * rhs).description == product, "\(context) *")
      #expect(((lhs / rhs)?.description ?? "nil") == quotient, "\(context) /")
      #expect(((lhs % rhs)?.description ?? "nil") == remainder, "\(context) %")
      #expect((lhs < rhs) == (Number(difference)!.isNegative), "\(context) <")
    }
  }
}

@Suite struct NumberTextTests {
  @Test func hugeExponentsPrintInExponentFormAndParseBack() {
    let huge = Number("1e100000000")!
    #expect(huge.description == "1e+100000000")
    #expect(Number(huge.description) == huge)
    let tiny = Number("-1.5e-20000")!
    #expect(tiny.description == "-1.5e-20000")
    #expect(Number(tiny.description) == tiny)
    let product = (huge * huge)
    #expect(product.description == "1e+200000000")
  }

  @Test func ordinaryNumbersStayPlain() {
    #expect(Number("1e10000")!.description == "1" + String(repeating: "0", count: 10000))
    #expect(Number("1e10001")!.description == "1e+10001")
    #expect(Number("1e-3")!.description == "0.001")
    #expect(Number("123.456e2")!.description == "12345.6")
  }

  @Test func exponentsBeyondTheLimitAreRejected() {
    #expect(Number("1e1000000000") != nil)
    #expect(Number("1e1000000001") == nil)
    #expect(Number("1e-99999999999999999999") == nil)
  }
}

/// Extreme operands (exponents near ±10^9, long coefficients) never trap or blow up.
@Suite struct NumberExtremeTests {
  @Test func extremeOperandsStayBounded() {
    let operands = [
      "1e1000000000", "-1e1000000000", "1e-1000000000", "9.99e999999999", "0", "1", "-1", "0.5", "3",
      "1" + String(repeating: "7", count: 1500), "1" + String(repeating: "0", count: 300) + "1", "1e-999999999",
    ].map { Number($0)! }
    for a in operands {
      for b in operands {
        for result in [a + b, a - b, a * b, a / b].compactMap({ $0 }) {
          #expect(result.digits.count <= Number.maximumSignificantDigits)
          #expect(result.description.utf8.count < 20_000)
        }
        // A remainder is exact and no longer than the operands.
        if let remainder = a % b {
          #expect(remainder.digits.count <= max(a.digits.count, b.digits.count))
        }
        #expect((a < b) != (b < a) || a == b)
      }
      for power in [-3, -1, 0, 1, 2, 7, 1000, Int.max, Int.min] {
        if let result = a.power(power) { #expect(result.digits.count <= Number.maximumSignificantDigits) }
      }
      for rule: FloatingPointRoundingRule in [.down, .up, .towardZero, .toNearestOrEven] {
        #expect(a.rounded(rule).description.utf8.count < 20_000)
      }
    }
  }
}
