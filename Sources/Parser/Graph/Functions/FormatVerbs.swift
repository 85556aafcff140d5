/// The `format` function's interpreter: cty's `Format` verbs on immplan values.
///
/// Verbs: `%%`, `%v` (strings as-is, numbers as `%g`, bools, everything else as JSON; null as
/// `null`), `%#v` (JSON), `%t`, `%b %d %o %x %X` (integers), `%e %E %f %g %G` (numbers),
/// `%s`, `%q` (a JSON-quoted string). Flags `+ - 0 #` and space, a width, a `.precision` and an
/// explicit one-based argument index `%[2]s` (later verbs continue from it), as cty accepts them.
/// Widths and string precisions count characters (grapheme clusters). Numbers are rounded
/// half-to-even on their exact decimal value (cty rounds the binary float, which agrees
/// whenever the decimal is exact in binary). Unused arguments are an error, as in cty.
/// `*` widths are rejected, and widths or precisions above 10000 too (no gigabyte strings).
struct FormatVerbs {
  private let bytes: [UInt8]
  private let arguments: [Value]
  private var output: [UInt8] = []
  private var nextArgument = 1
  private var highestUsed = 0

  private static let limit = 10_000

  init(specification: String, arguments: [Value]) {
    self.bytes = Array(specification.utf8)
    self.arguments = arguments
  }

  /// The formatted text. Failures name argument 0 (the format string) or the argument a verb
  /// consumed (1-based among the values, so the call's own argument index).
  mutating func run(isSensitive: Bool) -> Result<String, ArgumentFailure> {
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      guard byte == UInt8(ascii: "%") else {
        output.append(byte)
        index += 1
        continue
      }
      if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "%") {
        output.append(byte)
        index += 2
        continue
      }
      switch parseVerb(at: index) {
      case .failure(let failure): return .failure(failure)
      case .success(let (verb, end)):
        if case .failure(let failure) = append(verb, isSensitive: isSensitive) { return .failure(failure) }
        index = end
      }
    }
    if highestUsed < arguments.count {
      let message =
        highestUsed == 0
        ? "too many arguments: the format string has no verbs"
        : "too many arguments: the format string uses only \(highestUsed)"
      return .failure(.argument(highestUsed + 1, message))
    }
    return .success(String(decoding: output, as: UTF8.self))
  }

  // MARK: - Parsing verbs

  struct Verb {
    var raw = ""
    var offset = 0
    var argument = 0
    var mode: UInt8 = 0
    var zero = false
    var sharp = false
    var plus = false
    var minus = false
    var space = false
    var width: Int? = nil
    var precision: Int? = nil
  }

  private func parseVerb(at start: Int) -> Result<(Verb, Int), ArgumentFailure> {
    var verb = Verb()
    verb.offset = start
    verb.argument = nextArgument
    var index = start + 1
    func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }
    func unrecognized() -> ArgumentFailure {
      guard let byte = peek() else {
        return .argument(0, "invalid format string: the verb at offset \(start) is incomplete")
      }
      let character = String(decoding: [byte], as: UTF8.self)
      return .argument(0, "unrecognized format character `\(character)` at offset \(index)")
    }
    while let byte = peek() {
      switch byte {
      case UInt8(ascii: "0"): verb.zero = true
      case UInt8(ascii: "#"): verb.sharp = true
      case UInt8(ascii: "-"): verb.minus = true
      case UInt8(ascii: "+"): verb.plus = true
      case UInt8(ascii: " "): verb.space = true
      default: break
      }
      guard
        [UInt8(ascii: "0"), UInt8(ascii: "#"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: " ")].contains(byte)
      else { break }
      index += 1
    }
    func number() -> Int? {
      guard let first = peek(), first >= UInt8(ascii: "1"), first <= UInt8(ascii: "9") else { return nil }
      var value = 0
      while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
        value = min(value * 10 + Int(byte - UInt8(ascii: "0")), FormatVerbs.limit + 1)
        index += 1
      }
      return value
    }
    if peek() == UInt8(ascii: "[") {
      index += 1
      guard let argument = number() else { return .failure(unrecognized()) }
      guard peek() == UInt8(ascii: "]") else { return .failure(unrecognized()) }
      index += 1
      verb.argument = argument
    }
    if peek() == UInt8(ascii: "*") {
      return .failure(.argument(0, "`*` widths are not supported (offset \(index)); write the width as a number"))
    }
    verb.width = number()
    if peek() == UInt8(ascii: ".") {
      index += 1
      if peek() == UInt8(ascii: "*") {
        return .failure(
          .argument(0, "`*` precisions are not supported (offset \(index)); write the precision as a number"))
      }
      var precision = 0
      while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
        precision = min(precision * 10 + Int(byte - UInt8(ascii: "0")), FormatVerbs.limit + 1)
        index += 1
      }
      verb.precision = precision
    }
    guard let mode = peek(),
      (mode >= UInt8(ascii: "a") && mode <= UInt8(ascii: "z"))
        || (mode >= UInt8(ascii: "A") && mode <= UInt8(ascii: "Z"))
    else { return .failure(unrecognized()) }
    index += 1
    verb.mode = mode
    verb.raw = String(decoding: bytes[start..<index], as: UTF8.self)
    if (verb.width ?? 0) > FormatVerbs.limit || (verb.precision ?? 0) > FormatVerbs.limit {
      return .failure(
        .argument(0, "`\(verb.raw)` at offset \(start): width and precision may be at most \(FormatVerbs.limit)"))
    }
    return .success((verb, index))
  }

  // MARK: - Appending one verb

  private mutating func append(_ verb: Verb, isSensitive: Bool) -> Result<Void, ArgumentFailure> {
    let where_ = "`\(verb.raw)` at offset \(verb.offset)"
    guard verb.argument <= arguments.count else {
      let have = arguments.count == 1 ? "1 was given" : "\(arguments.count) were given"
      return .failure(
        .argument(0, "not enough arguments for \(where_): it needs argument \(verb.argument) but \(have)"))
    }
    nextArgument = verb.argument + 1
    highestUsed = max(highestUsed, verb.argument)
    let argument = arguments[verb.argument - 1]
    func fail(_ message: String) -> Result<Void, ArgumentFailure> {
      .failure(.argument(verb.argument, "\(where_): \(message)"))
    }
    if verb.mode != UInt8(ascii: "v"), argument.isNull { return fail("null cannot be formatted") }
    let text: String
    switch verb.mode {
    case UInt8(ascii: "v"):
      switch argument {
      case .string(let string) where !verb.sharp: text = string
      case .duration(let duration) where !verb.sharp: text = duration.description
      case .number(let number) where !verb.sharp:
        text = (number.isNegative ? "-" : "") + NumberText.general(number.magnitude, precision: nil, uppercase: false)
      default: text = JSONEncoding.encode(argument)
      }
      appendPadded(text, verb)
    case UInt8(ascii: "t"):
      switch argument {
      case .bool(let flag): text = flag ? "true" : "false"
      case .string("true"): text = "true"
      case .string("false"): text = "false"
      default: return fail("a bool is required, got \(FunctionLibrary.typeName(argument))")
      }
      output.append(contentsOf: text.utf8)
    case UInt8(ascii: "b"), UInt8(ascii: "d"), UInt8(ascii: "o"), UInt8(ascii: "x"), UInt8(ascii: "X"),
      UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "f"), UInt8(ascii: "g"), UInt8(ascii: "G"):
      let number: Number
      switch argument {
      case .number(let value): number = value
      case .string(let string):
        guard let value = Number(converting: string) else {
          return fail(isSensitive ? "a number is required" : "a number is required, got \(JSONEncoding.quoted(string))")
        }
        number = value
      default: return fail("a number is required, got \(FunctionLibrary.typeName(argument))")
      }
      let isPlain = ![UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "g"), UInt8(ascii: "G")].contains(verb.mode)
      if isPlain, number.digits.count + number.exponent > FormatVerbs.limit {
        return fail("the number is too large to write out in full; use `%e` or `%g`")
      }
      if [UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "f"), UInt8(ascii: "g"), UInt8(ascii: "G")].contains(
        verb.mode)
      {
        appendFloat(number, verb)
      } else {
        guard number.isInteger else {
          return fail(isSensitive ? "an integer is required" : "an integer is required, got \(number)")
        }
        appendInteger(number, verb)
      }
    case UInt8(ascii: "s"), UInt8(ascii: "q"):
      guard var string = FunctionCall.stringConversion(argument) else {
        return fail("a string is required, got \(FunctionLibrary.typeName(argument))")
      }
      if let precision = verb.precision, precision > 0, string.count > precision {
        string = String(string.prefix(precision))
      }
      appendPadded(verb.mode == UInt8(ascii: "q") ? JSONEncoding.quoted(string) : string, verb)
    default:
      let character = String(decoding: [verb.mode], as: UTF8.self)
      return .failure(.argument(0, "unsupported format verb `\(character)` in \(where_)"))
    }
    return .success(())
  }

  /// cty's `formatPadWidth`: pads to the width in characters, with `0`s under the `0` flag, on
  /// the right under `-`.
  private mutating func appendPadded(_ text: String, _ verb: Verb) {
    let padding = max(0, (verb.width ?? 0) - text.count)
    let pad = [UInt8](repeating: verb.zero ? UInt8(ascii: "0") : UInt8(ascii: " "), count: padding)
    if verb.minus {
      output.append(contentsOf: text.utf8)
      output.append(contentsOf: pad)
    } else {
      output.append(contentsOf: pad)
      output.append(contentsOf: text.utf8)
    }
  }

  private func sign(_ number: Number, _ verb: Verb) -> String {
    if number.isNegative { return "-" }
    if verb.plus { return "+" }
    if verb.space { return " " }
    return ""
  }

  /// Go's `big.Float` formatting: `[pad][sign]digits`, zeros after the sign under `0`
  /// (which wins over `-`).
  private mutating func appendFloat(_ number: Number, _ verb: Verb) {
    let uppercase = verb.mode == UInt8(ascii: "E") || verb.mode == UInt8(ascii: "G")
    let body: String
    switch verb.mode {
    case UInt8(ascii: "f"): body = NumberText.fixed(number.magnitude, fractionDigits: verb.precision ?? 6)
    case UInt8(ascii: "e"), UInt8(ascii: "E"):
      body = NumberText.scientific(number.magnitude, fractionDigits: verb.precision ?? 6, uppercase: uppercase)
    default: body = NumberText.general(number.magnitude, precision: verb.precision, uppercase: uppercase)
    }
    let signText = sign(number, verb)
    let padding = max(0, (verb.width ?? 0) - signText.utf8.count - body.utf8.count)
    if verb.zero {
      output.append(contentsOf: signText.utf8)
      output.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: padding))
      output.append(contentsOf: body.utf8)
    } else if verb.minus {
      output.append(contentsOf: signText.utf8)
      output.append(contentsOf: body.utf8)
      output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: padding))
    } else {
      output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: padding))
      output.append(contentsOf: signText.utf8)
      output.append(contentsOf: body.utf8)
    }
  }

  /// Go's `big.Int` formatting: `[left pad][sign][prefix][zeros][digits][right pad]`; the
  /// precision is a minimum digit count; `-` wins over `0`, and a precision disables `0`.
  private mutating func appendInteger(_ number: Number, _ verb: Verb) {
    let base: Int
    var prefix = ""
    switch verb.mode {
    case UInt8(ascii: "b"):
      base = 2
      prefix = "0b"
    case UInt8(ascii: "o"):
      base = 8
      prefix = "0"
    case UInt8(ascii: "x"):
      base = 16
      prefix = "0x"
    case UInt8(ascii: "X"):
      base = 16
      prefix = "0X"
    default: base = 10
    }
    if !verb.sharp { prefix = "" }
    var digits = NumberText.integerDigits(number.magnitude, base: base, uppercase: verb.mode == UInt8(ascii: "X"))
    if verb.precision == 0 && number.isZero { digits = "" }
    let signText = sign(number, verb)
    var zeros = max(0, (verb.precision ?? 0) - digits.utf8.count)
    var left = 0
    var right = 0
    let length = signText.utf8.count + prefix.utf8.count + zeros + digits.utf8.count
    if let width = verb.width, length < width {
      if verb.minus {
        right = width - length
      } else if verb.zero && verb.precision == nil {
        zeros = width - length
      } else {
        left = width - length
      }
    }
    output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: left))
    output.append(contentsOf: signText.utf8)
    output.append(contentsOf: prefix.utf8)
    output.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: zeros))
    output.append(contentsOf: digits.utf8)
    output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: right))
  }
}

/// Number text in Go's `%f`, `%e` and `%g` forms, on exact decimals (magnitudes only).
enum NumberText {
  /// `%.Nf`: exactly `fractionDigits` digits after the point (none, and no point, for 0).
  static func fixed(_ number: Number, fractionDigits: Int) -> String {
    let shifted = Number(isNegative: false, digits: number.digits, exponent: number.exponent + fractionDigits)
    var digits = Array(shifted.rounded(.toNearestOrEven).plainText.utf8)
    if fractionDigits == 0 { return String(decoding: digits, as: UTF8.self) }
    if digits.count <= fractionDigits {
      digits.insert(contentsOf: repeatElement(UInt8(ascii: "0"), count: fractionDigits + 1 - digits.count), at: 0)
    }
    digits.insert(UInt8(ascii: "."), at: digits.count - fractionDigits)
    return String(decoding: digits, as: UTF8.self)
  }

  /// `%.Ne`: one digit, the point, `fractionDigits` digits, then `e±XX` (at least two digits).
  static func scientific(_ number: Number, fractionDigits: Int, uppercase: Bool) -> String {
    let (mantissa, exponent) = significand(number, digits: fractionDigits + 1)
    var digits = mantissa + [UInt8](repeating: 0, count: max(0, fractionDigits + 1 - mantissa.count))
    digits = Array(digits.prefix(fractionDigits + 1))
    return scientificText(digits, exponent: exponent, uppercase: uppercase)
  }

  /// `%g`/`%v`: with no precision the shortest exact digits, in `%e` form when the exponent is
  /// below -4 or at least 6 (strconv's rule for shortest `%g`: `1234567` → `1.234567e+06`);
  /// with precision P, P significant digits and `%e` form when the exponent is at least P.
  static func general(_ number: Number, precision: Int?, uppercase: Bool) -> String {
    if number.isZero { return "0" }
    if var precision {
      if precision == 0 { precision = 1 }
      let (mantissa, exponent) = significand(number, digits: precision)
      // Go's big.Float 'g': a shorter mantissa lowers the switch-over point for integers.
      var eprec = precision
      if eprec > mantissa.count && mantissa.count >= exponent + 1 { eprec = mantissa.count }
      if exponent < -4 || exponent >= eprec {
        return scientificText(mantissa, exponent: exponent, uppercase: uppercase)
      }
      return Number(isNegative: false, digits: mantissa, exponent: exponent + 1 - mantissa.count).description
    }
    let exponent = number.digits.count + number.exponent - 1
    if exponent < -4 || exponent >= 6 {
      return scientificText(number.digits, exponent: exponent, uppercase: uppercase)
    }
    return number.description
  }

  /// The first `digits` significant digits of `number`, rounded half-to-even, and the decimal
  /// exponent of the first one.
  private static func significand(_ number: Number, digits count: Int) -> ([UInt8], Int) {
    if number.isZero { return ([0], 0) }
    let rounded = number.rounded(toSignificantDigits: count, sticky: false)
    return (rounded.digits, rounded.digits.count + rounded.exponent - 1)
  }

  private static func scientificText(_ digits: [UInt8], exponent: Int, uppercase: Bool) -> String {
    var out: [UInt8] = [digits[0] + UInt8(ascii: "0")]
    if digits.count > 1 {
      out.append(UInt8(ascii: "."))
      out.append(contentsOf: digits.dropFirst().map { $0 + UInt8(ascii: "0") })
    }
    out.append(uppercase ? UInt8(ascii: "E") : UInt8(ascii: "e"))
    out.append(exponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
    let magnitude = String(exponent.magnitude)
    if magnitude.utf8.count < 2 { out.append(UInt8(ascii: "0")) }
    out.append(contentsOf: magnitude.utf8)
    return String(decoding: out, as: UTF8.self)
  }

  /// The digits of a non-negative integer in `base` (2, 8, 10 or 16).
  static func integerDigits(_ number: Number, base: Int, uppercase: Bool) -> String {
    if number.isZero { return "0" }
    let decimal = number.plainText
    if base == 10 { return decimal }
    // Repeated division of the decimal digit string by the base.
    var dividend = decimal.utf8.map { Int($0 - UInt8(ascii: "0")) }
    var out: [UInt8] = []
    let symbols = Array((uppercase ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
    while !dividend.isEmpty {
      var remainder = 0
      var quotient: [Int] = []
      quotient.reserveCapacity(dividend.count)
      for digit in dividend {
        let value = remainder * 10 + digit
        let q = value / base
        remainder = value % base
        if !(quotient.isEmpty && q == 0) { quotient.append(q) }
      }
      out.append(symbols[remainder])
      dividend = quotient
    }
    return String(decoding: out.reversed(), as: UTF8.self)
  }
}
