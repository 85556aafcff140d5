import ImmplanSupport

// MARK: - file, filesha256, sha256, base64encode, base64decode, jsonencode

extension FunctionLibrary {
  static func registerEncodingFunctions(into table: inout [String: Specification]) {
    table["file"] = Specification(arity: .exactly(1)) { call in
      call.readBytes(0).flatMap { bytes in
        guard let text = String(validating: bytes, as: UTF8.self) else {
          return .failure(
            .argument(0, "the file's contents are not valid UTF-8; use `filesha256` to hash binary files"))
        }
        return .success(.string(text))
      }
    }
    table["filesha256"] = Specification(arity: .exactly(1)) { call in
      call.readBytes(0).map { .string(Hex.encode(SHA256.hash($0))) }
    }
    table["sha256"] = Specification(arity: .exactly(1)) { call in
      call.string(0).map { .string(Hex.encode(SHA256.hash(utf8: $0))) }
    }
    table["base64encode"] = Specification(arity: .exactly(1)) { call in
      call.string(0).map { .string(Base64.encode($0.utf8)) }
    }
    table["base64decode"] = Specification(arity: .exactly(1)) { call in
      call.string(0).flatMap { text in
        guard let bytes = Base64.decodeLikeGo(text) else {
          return .failure(
            .argument(0, "\(call.isSensitive ? "the argument" : JSONEncoding.quoted(text)) is not valid padded base64"))
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
          return .failure(.argument(0, "the decoded bytes are not valid UTF-8"))
        }
        return .success(.string(decoded))
      }
    }
    table["jsonencode"] = Specification(arity: .exactly(1)) { call in
      .success(.string(JSONEncoding.encode(call[0])))
    }
  }
}

extension FunctionCall {
  /// The bytes of the file named by argument `index`, relative to the configuration directory.
  func readBytes(_ index: Int) -> Result<[UInt8], ArgumentFailure> {
    string(index).flatMap { path in
      let resolved =
        path.hasPrefix("/") || library.baseDirectory.isEmpty
        ? path
        : library.baseDirectory.hasSuffix("/") ? library.baseDirectory + path : library.baseDirectory + "/" + path
      do throws(FileSystemError) {
        return .success(try library.readFile(resolved))
      } catch {
        return .failure(.file(index, path: isSensitive ? "(sensitive)" : path, reason: error.reason))
      }
    }
  }
}

/// JSON as cty (and so Terraform's `jsonencode`) writes it: compact, object keys sorted by
/// their UTF-8 bytes, numbers in ``Number``'s canonical decimal text, strings escaped as Go's
/// `encoding/json` does (including `<`, `>`, `&`, U+2028 and U+2029). Durations, which cty does
/// not have, are written as their canonical text (`"1h30m"`).
enum JSONEncoding {
  static func encode(_ value: Value) -> String {
    var out: [UInt8] = []
    append(value, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// `text` as a JSON string literal.
  static func quoted(_ text: String) -> String {
    var out: [UInt8] = []
    appendString(text, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// Recursion depth is bounded by the parser's nesting cap (values are built from syntax).
  static func append(_ value: Value, to out: inout [UInt8]) {
    switch value {
    case .null, .unknown: out.append(contentsOf: "null".utf8)
    case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
    case .number(let number): out.append(contentsOf: number.description.utf8)
    case .string(let text): appendString(text, to: &out)
    case .duration(let duration): appendString(duration.description, to: &out)
    case .sensitive(let inner): append(inner, to: &out)
    case .list(let items), .set(let items):
      out.append(UInt8(ascii: "["))
      for (index, item) in items.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        append(item, to: &out)
      }
      out.append(UInt8(ascii: "]"))
    case .map(let entries):
      out.append(UInt8(ascii: "{"))
      for (index, key) in entries.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        appendString(key, to: &out)
        out.append(UInt8(ascii: ":"))
        append(entries[key]!, to: &out)
      }
      out.append(UInt8(ascii: "}"))
    }
  }

  private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

  static func appendString(_ text: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out.append(contentsOf: "\\\"".utf8)
      case "\\": out.append(contentsOf: "\\\\".utf8)
      case "\n": out.append(contentsOf: "\\n".utf8)
      case "\r": out.append(contentsOf: "\\r".utf8)
      case "\t": out.append(contentsOf: "\\t".utf8)
      case "\u{08}": out.append(contentsOf: "\\b".utf8)
      case "\u{0C}": out.append(contentsOf: "\\f".utf8)
      case "<", ">", "&", "\u{2028}", "\u{2029}":
        appendEscaped(scalar.value, to: &out)
      default:
        if scalar.value < 0x20 {
          appendEscaped(scalar.value, to: &out)
        } else {
          out.append(contentsOf: String(scalar).utf8)
        }
      }
    }
    out.append(UInt8(ascii: "\""))
  }

  private static func appendEscaped(_ code: UInt32, to out: inout [UInt8]) {
    out.append(contentsOf: "\\u".utf8)
    for shift in stride(from: 12, through: 0, by: -4) { out.append(hexDigits[Int(code >> UInt32(shift) & 0xf)]) }
  }
}
