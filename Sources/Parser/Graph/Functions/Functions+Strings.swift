// MARK: - join, split, upper, lower, replace, trimspace, format

extension FunctionLibrary {
  static func registerStringFunctions(into table: inout [String: Specification]) {
    table["join"] = Specification(arity: .atLeast(2)) { call in
      call.string(0).flatMap { separator in
        var parts: [String] = []
        for index in 1..<call.arguments.count {
          guard let items = call[index].listValue else {
            return .failure(.argument(index, "a list of strings is required, got \(typeName(call[index]))"))
          }
          for (position, item) in items.enumerated() {
            if item.isNull {
              return .failure(.argument(index, "element \(position) is null; cannot join null values"))
            }
            guard let text = FunctionCall.stringConversion(item) else {
              return .failure(.argument(index, "element \(position) must be a string, not \(typeName(item))"))
            }
            parts.append(text)
          }
        }
        return .success(.string(parts.joined(separator: separator)))
      }
    }
    table["split"] = Specification(arity: .exactly(2)) { call in
      call.string(0).flatMap { separator in
        call.string(1).map { text in .list(StringFunctions.split(text, separator: separator).map(Value.string)) }
      }
    }
    table["upper"] = Specification(arity: .exactly(1)) { call in
      call.string(0).map { .string(StringFunctions.mapScalars($0) { $0.properties.uppercaseMapping }) }
    }
    table["lower"] = Specification(arity: .exactly(1)) { call in
      call.string(0).map { .string(StringFunctions.mapScalars($0) { $0.properties.lowercaseMapping }) }
    }
    table["trimspace"] = Specification(arity: .exactly(1)) { call in
      call.string(0).map { .string(StringFunctions.trimmingSpace($0)) }
    }
    table["replace"] = Specification(arity: .exactly(3)) { call in
      call.string(0).flatMap { text in
        call.string(1).flatMap { substring in
          call.string(2).flatMap { replacement in
            if substring.utf8.count > 1, substring.hasPrefix("/"), substring.hasSuffix("/") {
              return .failure(
                .argument(
                  1,
                  "regular expression patterns (`/…/`) are not supported; pass a plain substring to replace every occurrence of it"
                ))
            }
            return .success(.string(StringFunctions.replacing(substring, with: replacement, in: text)))
          }
        }
      }
    }
    table["format"] = Specification(arity: .atLeast(1)) { call in
      call.string(0).flatMap { specification in
        var formatter = FormatVerbs(specification: specification, arguments: Array(call.arguments.dropFirst()))
        return formatter.run(isSensitive: call.isSensitive).map(Value.string)
      }
    }
  }
}

/// String operations with Go's semantics (Terraform's functions wrap Go's `strings` package).
enum StringFunctions {
  /// `strings.Split`: an empty separator splits between Unicode scalars; an empty text gives `[""]`.
  static func split(_ text: String, separator: String) -> [String] {
    if separator.isEmpty { return text.unicodeScalars.map { String($0) } }
    let bytes = Array(text.utf8)
    let needle = Array(separator.utf8)
    var parts: [String] = []
    var start = 0
    var index = 0
    while index + needle.count <= bytes.count {
      if bytes[index] == needle[0], Array(bytes[index..<(index + needle.count)]) == needle {
        parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
        index += needle.count
        start = index
      } else {
        index += 1
      }
    }
    parts.append(String(decoding: bytes[start...], as: UTF8.self))
    return parts
  }

  /// `strings.Replace(text, substring, replacement, -1)`: every non-overlapping occurrence, left
  /// to right; an empty substring inserts the replacement before every scalar and at the end.
  static func replacing(_ substring: String, with replacement: String, in text: String) -> String {
    if substring.isEmpty {
      var out = replacement
      for scalar in text.unicodeScalars {
        out.unicodeScalars.append(scalar)
        out += replacement
      }
      return out
    }
    return split(text, separator: substring).joined(separator: replacement)
  }

  /// Maps each scalar with a full case mapping, keeping it when the mapping is not a single
  /// scalar: Go's `strings.ToUpper` uses simple (one-to-one) mappings, so `ß` stays `ß`.
  static func mapScalars(_ text: String, _ mapping: (Unicode.Scalar) -> String) -> String {
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      let mapped = mapping(scalar).unicodeScalars
      if mapped.count == 1, let single = mapped.first {
        out.append(single)
      } else {
        out.append(scalar)
      }
    }
    return String(out)
  }

  /// `strings.TrimSpace`: strips Unicode white space (`White_Space`) from both ends.
  static func trimmingSpace(_ text: String) -> String {
    let scalars = text.unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
    let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
    return String(scalars[first...last])
  }
}
