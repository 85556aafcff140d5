import ImmplanSupport

// The few services this folder takes from the support engineer's code (Number arithmetic,
// duration text, closest-match suggestions), behind one seam so the evaluator does not depend on
// their exact spelling.

// MARK: - Durations

func parseDuration(_ text: String) -> DurationValue? {
  // Temporary until DurationValue+Text lands: digits followed by h, m, s or ms, repeated.
  var total: Int64 = 0
  var bytes = Array(text.utf8)[...]
  guard !bytes.isEmpty else { return nil }
  while !bytes.isEmpty {
    var value: Int64 = 0
    var sawDigit = false
    while let b = bytes.first, b >= 0x30, b <= 0x39 {
      value = value &* 10 &+ Int64(b - 0x30)
      sawDigit = true
      bytes = bytes.dropFirst()
    }
    guard sawDigit else { return nil }
    if bytes.starts(with: "ms".utf8) {
      total += value
      bytes = bytes.dropFirst(2)
    } else if bytes.first == UInt8(ascii: "h") {
      total += value * 3_600_000
      bytes = bytes.dropFirst()
    } else if bytes.first == UInt8(ascii: "m") {
      total += value * 60_000
      bytes = bytes.dropFirst()
    } else if bytes.first == UInt8(ascii: "s") {
      total += value * 1000
      bytes = bytes.dropFirst()
    } else {
      return nil
    }
  }
  return DurationValue(milliseconds: total)
}

func formatDuration(_ duration: DurationValue) -> String {
  var ms = duration.milliseconds
  if ms == 0 { return "0s" }
  var out = ""
  if ms < 0 {
    out = "-"
    ms = -ms
  }
  let hours = ms / 3_600_000
  ms %= 3_600_000
  let minutes = ms / 60_000
  ms %= 60_000
  let seconds = ms / 1000
  ms %= 1000
  if hours > 0 { out += "\(hours)h" }
  if minutes > 0 { out += "\(minutes)m" }
  if seconds > 0 { out += "\(seconds)s" }
  if ms > 0 { out += "\(ms)ms" }
  return out
}

// MARK: - Numbers

enum ArithmeticFailure: Error { case divisionByZero, unsupported }

func numberCompare(_ a: Number, _ b: Number) -> Int {
  if a == b { return 0 }
  if a.isNegative != b.isNegative { return a.isNegative ? -1 : 1 }
  // Same sign: compare magnitudes by the position of the most significant digit, then digits.
  let magnitudeA = a.digits.count + a.exponent
  let magnitudeB = b.digits.count + b.exponent
  var result: Int
  if a.isZero { result = -1 } else if b.isZero { result = 1 } else if magnitudeA != magnitudeB {
    result = magnitudeA < magnitudeB ? -1 : 1
  } else {
    result = 0
    let count = max(a.digits.count, b.digits.count)
    for i in 0..<count {
      let da = i < a.digits.count ? a.digits[i] : 0
      let db = i < b.digits.count ? b.digits[i] : 0
      if da != db {
        result = da < db ? -1 : 1
        break
      }
    }
  }
  if a.isZero || b.isZero { return a.isZero ? (b.isNegative ? 1 : -1) : (a.isNegative ? -1 : 1) }
  return a.isNegative ? -result : result
}

func numberArithmetic(_ op: BinaryOperator, _ a: Number, _ b: Number) -> Result<Number, ArithmeticFailure> {
  // Temporary until Number+Arithmetic lands: integers only.
  guard let x = a.intValue, let y = b.intValue else { return .failure(.unsupported) }
  switch op {
  case .add: return .success(Number(x + y))
  case .subtract: return .success(Number(x - y))
  case .multiply: return .success(Number(x * y))
  case .divide:
    if y == 0 { return .failure(.divisionByZero) }
    if x % y == 0 { return .success(Number(x / y)) }
    return .failure(.unsupported)
  case .modulo:
    if y == 0 { return .failure(.divisionByZero) }
    return .success(Number(x % y))
  default: return .failure(.unsupported)
  }
}

func numberNegate(_ a: Number) -> Number {
  if a.isZero { return a }
  return Number(isNegative: !a.isNegative, digits: a.digits, exponent: a.exponent)
}

// MARK: - Suggestions

/// The candidate closest to `name` (support's ``closestMatch(to:among:)``), for "did you mean".
func closestName(to name: String, in candidates: some Sequence<String>) -> String? {
  closestMatch(to: name, among: Array(candidates))
}

// MARK: - Functions

/// Calls the built-in functions with the file access they need (`file`, `filesha256`), relative
/// to the configuration directory.
struct FunctionCaller: Sendable {
  var fileSystem: (any FileSystem)?
  var baseDirectory: String

  func call(
    _ name: String, nameRange: SourceRange, arguments: [Value], argumentRanges: [SourceRange], callRange: SourceRange,
    diagnostics: inout [Diagnostic]
  ) -> Value {
    diagnostics.append(.error(DiagnosticCode("E0501"), "unknown function `\(name)`", at: nameRange))
    return .unknown
  }
}
