/// The text form of addresses, read and written in this one place (state, plan files, the
/// journal, command-line arguments, `moved`/`removed`/`import` targets, diagnostics).
///
/// ```
/// address   = { "module." name [ key ] "." } kind "." name [ key ]
/// key       = "[" ( digits | quoted ) "]"          (and, for arguments only, "[" name "]")
/// quoted    = an HCL quoted string without interpolation: \" \\ \n \r \t \uXXXX \UXXXXXXXX,
///             and "$${" / "%%{" for a literal "${" / "%{"
/// ```
/// Names follow HCL's identifier rule (``isIdentifier(_:)``). Parsing works on UTF-8 bytes.
public enum AddressText {
  /// A parsed address: the module steps, then the resource part if the text names one.
  struct Parts {
    var modules: [ModuleInstanceStep] = []
    var resource: (kind: ResourceKind, name: String, key: InstanceKey?)?
  }

  static func parseResourceInstance(_ text: String, allowsBareKeys: Bool) -> ResourceAddress? {
    guard let parts = parse(text, allowsBareKeys: allowsBareKeys), let resource = parts.resource else { return nil }
    return ResourceAddress(
      module: ModuleInstancePath(parts.modules), kind: resource.kind, name: resource.name, key: resource.key)
  }

  /// A module instance path alone (`module.a["x"].module.b`); nil for anything else.
  public static func parseModuleInstance(_ text: String, allowsBareKeys: Bool = false) -> ModuleInstancePath? {
    guard let parts = parse(text, allowsBareKeys: allowsBareKeys), parts.resource == nil, !parts.modules.isEmpty
    else { return nil }
    return ModuleInstancePath(parts.modules)
  }

  static func parse(_ text: String, allowsBareKeys: Bool) -> Parts? {
    var text = text
    return text.withUTF8 { bytes in
      var reader = Reader(bytes: bytes, allowsBareKeys: allowsBareKeys)
      return reader.parts()
    }
  }

  private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    let allowsBareKeys: Bool
    var offset = 0

    mutating func parts() -> Parts? {
      var parts = Parts()
      while true {
        guard let word = identifier() else { return nil }
        if word == "module" {
          guard take(UInt8(ascii: ".")), let name = identifier() else { return nil }
          var step = ModuleInstanceStep(name: name)
          if peek == UInt8(ascii: "[") {
            guard let key = key() else { return nil }
            step.key = key
          }
          parts.modules.append(step)
          if offset == bytes.count { return parts }
          guard take(UInt8(ascii: ".")) else { return nil }
          continue
        }
        guard let kind = ResourceKind(rawValue: word), take(UInt8(ascii: ".")), let name = identifier() else {
          return nil
        }
        var key: InstanceKey?
        if peek == UInt8(ascii: "[") {
          guard let parsed = self.key() else { return nil }
          key = parsed
        }
        guard offset == bytes.count else { return nil }
        parts.resource = (kind, name, key)
        return parts
      }
    }

    var peek: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    mutating func take(_ byte: UInt8) -> Bool {
      guard peek == byte else { return false }
      offset += 1
      return true
    }

    /// An HCL identifier (ASCII fast path; other letters checked as scalars).
    mutating func identifier() -> String? {
      let start = offset
      while offset < bytes.count {
        let byte = bytes[offset]
        if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]") { break }
        offset += 1
      }
      guard offset > start else { return nil }
      let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
      return AddressText.isIdentifier(name) ? name : nil
    }

    /// `[digits]`, `["quoted"]`, or with ``allowsBareKeys`` `[name]`.
    mutating func key() -> InstanceKey? {
      guard take(UInt8(ascii: "[")) else { return nil }
      let key: InstanceKey
      if peek == UInt8(ascii: "\"") {
        guard let text = quoted() else { return nil }
        key = .string(text)
      } else if let byte = peek, byte &- 0x30 < 10 {
        var value = 0
        let start = offset
        while let digit = peek, digit &- 0x30 < 10 {
          let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
          let (sum, overflow2) = times.addingReportingOverflow(Int(digit &- 0x30))
          guard !overflow1, !overflow2 else { return nil }
          value = sum
          offset += 1
        }
        // No leading zeros: `[01]` would print back as `[1]`.
        guard offset - start == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
        key = .integer(value)
      } else if allowsBareKeys, let name = identifier() {
        key = .string(name)
      } else {
        return nil
      }
      return take(UInt8(ascii: "]")) ? key : nil
    }

    /// A quoted string at the cursor, escapes decoded; nil when malformed or interpolating.
    mutating func quoted() -> String? {
      guard take(UInt8(ascii: "\"")) else { return nil }
      var scalars = String.UnicodeScalarView()
      var plainStart = offset
      func flush(_ end: Int) {
        guard end > plainStart else { return }
        scalars.append(
          contentsOf: String(decoding: UnsafeBufferPointer(rebasing: bytes[plainStart..<end]), as: UTF8.self)
            .unicodeScalars)
      }
      while let byte = peek {
        switch byte {
        case UInt8(ascii: "\""):
          flush(offset)
          offset += 1
          return String(scalars)
        case UInt8(ascii: "\\"):
          flush(offset)
          offset += 1
          guard let escaped = escape() else { return nil }
          scalars.append(escaped)
          plainStart = offset
        case UInt8(ascii: "$"), UInt8(ascii: "%"):
          // As HCL reads templates: `$${` is a literal `${`, a lone `${` would interpolate, and
          // any other marker is literal.
          if offset + 2 < bytes.count, bytes[offset + 1] == byte, bytes[offset + 2] == UInt8(ascii: "{") {
            flush(offset)
            offset += 1
            plainStart = offset
            offset += 2
          } else if offset + 1 < bytes.count, bytes[offset + 1] == UInt8(ascii: "{") {
            return nil
          } else {
            offset += 1
          }
        case 0x00..<0x20, 0x7f:
          return nil
        default:
          offset += 1
        }
      }
      return nil
    }

    mutating func escape() -> Unicode.Scalar? {
      guard let byte = peek else { return nil }
      offset += 1
      switch byte {
      case UInt8(ascii: "n"): return "\n"
      case UInt8(ascii: "r"): return "\r"
      case UInt8(ascii: "t"): return "\t"
      case UInt8(ascii: "\""): return "\""
      case UInt8(ascii: "\\"): return "\\"
      case UInt8(ascii: "u"): return hexScalar(digits: 4)
      case UInt8(ascii: "U"): return hexScalar(digits: 8)
      default: return nil
      }
    }

    mutating func hexScalar(digits: Int) -> Unicode.Scalar? {
      guard offset + digits <= bytes.count else { return nil }
      var value: UInt32 = 0
      for _ in 0..<digits {
        let byte = bytes[offset]
        let digit: UInt8
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
        default: return nil
        }
        value = value << 4 | UInt32(digit)
        offset += 1
      }
      return Unicode.Scalar(value)
    }
  }

  /// Appends `text` as an HCL quoted string that ``parse`` reads back as `text`.
  public static func appendQuoted(_ text: String, to out: inout String) {
    out += "\""
    var previous: Unicode.Scalar?
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "{" where previous == "$" || previous == "%":
        // `${` and `%{` would interpolate: the marker is doubled (`$${`).
        out.unicodeScalars.append(previous!)
        out += "{"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7f {
          let hex = String(scalar.value, radix: 16, uppercase: true)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
      previous = scalar
    }
    out += "\""
  }

  /// HCL's identifier rule for names: a letter or `_`, then letters, digits, `_` or `-`.
  public static func isIdentifier(_ name: String) -> Bool {
    // ASCII names (nearly all) without Unicode property lookups; the same rule.
    var isASCII = true
    var isValid = !name.isEmpty
    for (offset, byte) in name.utf8.enumerated() {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"): break
      case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"): if offset == 0 { isValid = false }
      case 0x80...: isASCII = false
      default: isValid = false
      }
      if !isASCII { break }
    }
    if isASCII { return isValid }
    guard let first = name.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
    return name.unicodeScalars.allSatisfy {
      $0.properties.isAlphabetic || $0 == "_" || $0 == "-" || ("0"..."9").contains($0)
    }
  }
}
