import ImmplanSupport

// MARK: - Beyond the brief: substr, trim, trimprefix, trimsuffix, startswith, endswith, chomp,
// strrev, base64sha256, filebase64, fileexists, tobool
//
// Terraform's functions of the same names, for configurations written for Terraform.

extension FunctionLibrary {
  static func registerMoreStringFunctions(into table: inout [String: Specification]) {
    table["substr"] = Specification(arity: .exactly(3)) { call in
      call.string(0).flatMap { text in
        call.integer(1).flatMap { offset in
          call.integer(2).map { length in
            // Counted in characters (grapheme clusters); a negative offset counts from the end
            // and is clamped to the start; a negative length means "to the end".
            let characters = Array(text)
            var start = offset < 0 ? characters.count + offset : offset
            start = min(max(start, 0), characters.count)
            let end = length < 0 ? characters.count : min(characters.count, start + min(length, characters.count))
            return .string(String(characters[start..<max(start, end)]))
          }
        }
      }
    }
    table["trim"] = Specification(arity: .exactly(2)) { call in
      call.string(0).flatMap { text in
        call.string(1).map { cutset in
          let cut = Set(cutset.unicodeScalars)
          let scalars = text.unicodeScalars
          guard let first = scalars.firstIndex(where: { !cut.contains($0) }) else { return .string("") }
          let last = scalars.lastIndex(where: { !cut.contains($0) })!
          return .string(String(scalars[first...last]))
        }
      }
    }
    table["trimprefix"] = Specification(arity: .exactly(2)) { call in
      call.string(0).flatMap { text in
        call.string(1).map { prefix in
          let bytes = Array(text.utf8)
          let prefixBytes = Array(prefix.utf8)
          guard bytes.starts(with: prefixBytes) else { return .string(text) }
          return .string(String(decoding: bytes[prefixBytes.count...], as: UTF8.self))
        }
      }
    }
    table["trimsuffix"] = Specification(arity: .exactly(2)) { call in
      call.string(0).flatMap { text in
        call.string(1).map { suffix in
          let bytes = Array(text.utf8)
          let suffixBytes = Array(suffix.utf8)
          guard bytes.count >= suffixBytes.count, Array(bytes.suffix(suffixBytes.count)) == suffixBytes else {
            return .string(text)
          }
          return .string(String(decoding: bytes.dropLast(suffixBytes.count), as: UTF8.self))
        }
      }
    }
    table["startswith"] = Specification(arity: .exactly(2)) { call in
      call.string(0).flatMap { text in call.string(1).map { .bool(text.utf8.starts(with: $0.utf8)) } }
    }
    table["endswith"] = Specification(arity: .exactly(2)) { call in
      call.string(0).flatMap { text in
        call.string(1).map { .bool(text.utf8.reversed().starts(with: $0.utf8.reversed())) }
      }
    }
    table["chomp"] = Specification(arity: .exactly(1)) { call in
      call.string(0).map { text in
        var scalars = Array(text.unicodeScalars)
        while let last = scalars.last, last == "\n" || last == "\r" { scalars.removeLast() }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars)
        return .string(String(out))
      }
    }
    table["strrev"] = Specification(arity: .exactly(1)) { call in
      call.string(0).map { .string(String($0.reversed())) }
    }
    table["base64sha256"] = Specification(arity: .exactly(1)) { call in
      call.string(0).map { .string(Base64.encode(SHA256.hash(utf8: $0))) }
    }
    table["filebase64"] = Specification(arity: .exactly(1)) { call in
      call.readBytes(0).map { .string(Base64.encode($0)) }
    }
    table["fileexists"] = Specification(arity: .exactly(1)) { call in
      // Any read failure counts as "does not exist" (the injected file access has no stat).
      switch call.readBytes(0) {
      case .success: return .success(.bool(true))
      case .failure(.file): return .success(.bool(false))
      case .failure(let failure): return .failure(failure)
      }
    }
    table["tobool"] = Specification(arity: .exactly(1)) { call in
      switch call[0] {
      case .null, .bool: return .success(call[0])
      case .string("true"): return .success(.bool(true))
      case .string("false"): return .success(.bool(false))
      case .string(let text): return .failure(.argument(0, "cannot convert \(call.describe(text)) to bool"))
      default: return .failure(.argument(0, "cannot convert \(typeName(call[0])) to bool"))
      }
    }
  }
}

extension FunctionCall {
  /// Argument `index` as a whole number that fits in `Int`.
  func integer(_ index: Int) -> Result<Int, ArgumentFailure> {
    number(index).flatMap { number in
      guard let value = number.intValue else {
        return .failure(.argument(index, number.isInteger ? "the number is too large" : "a whole number is required"))
      }
      return .success(value)
    }
  }

  /// Argument `index` as a list (a set gives its elements in their stored order).
  func sequence(_ index: Int) -> Result<[Value], ArgumentFailure> {
    switch arguments[index] {
    case .list(let items), .set(let items): return .success(items)
    case .null: return .failure(.argument(index, "argument must not be null"))
    default:
      return .failure(
        .argument(index, "a list, set or tuple is required, got \(FunctionLibrary.typeName(arguments[index]))"))
    }
  }
}
