extension Number {
  /// Parses a string the way cty converts strings to numbers (`tonumber`, a string where a
  /// number is expected): HCL's number syntax plus what Go's `big.ParseFloat` also takes in base
  /// 10: a leading `+`, a missing integer part (`.5`, `-.5`) or fraction (`1.`), leading zeros.
  /// Rejected: empty text, `.` alone, spaces, `_`, hex, and infinities (immplan has none).
  public init?(converting text: String) {
    var bytes = Array(text.utf8)[...]
    var sign = ""
    if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
      if first == UInt8(ascii: "-") { sign = "-" }
      bytes = bytes.dropFirst()
    }
    func digits() -> String {
      let run = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
      bytes = bytes.dropFirst(run.count)
      return String(decoding: run, as: UTF8.self)
    }
    let integer = digits()
    var fraction = ""
    if bytes.first == UInt8(ascii: ".") {
      bytes = bytes.dropFirst()
      fraction = digits()
    }
    guard !integer.isEmpty || !fraction.isEmpty else { return nil }
    var exponent = ""
    if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
      bytes = bytes.dropFirst()
      var exponentSign = ""
      if let s = bytes.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") {
        exponentSign = String(decoding: [s], as: UTF8.self)
        bytes = bytes.dropFirst()
      }
      let exponentDigits = digits()
      guard !exponentDigits.isEmpty else { return nil }
      exponent = "e" + exponentSign + exponentDigits
    }
    guard bytes.isEmpty else { return nil }
    let canonical = sign + (integer.isEmpty ? "0" : integer) + (fraction.isEmpty ? "" : "." + fraction) + exponent
    self.init(canonical)
  }
}
