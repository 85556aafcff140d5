// MARK: - Canonical text

extension Value {
  /// A canonical, deterministic text of the value, stable across runs and versions (the planner
  /// compares and hashes it; changing it changes every recorded digest).
  ///
  /// Encoding (JSON-like, no whitespace):
  /// - `null`, `true`, `false`; `unknown` for an unknown value;
  /// - numbers in ``Number``'s canonical decimal text (`1500`, `0.25`, `-3`, never exponents);
  /// - strings quoted, with `"` `\` and control characters escaped (`\n`, `\t`, `\r`, `\u00XX`),
  ///   everything else as UTF-8;
  /// - durations as `duration(MILLISECONDS)`, e.g. `duration(90000)`;
  /// - lists as `[a,b]`; sets as `set[a,b]` (numbers in numeric order, other elements by the
  ///   bytes of their canonical text — numbers form one contiguous block of that byte order, so
  ///   the two rules make one total order);
  /// - maps and objects as `{"key":value,…}` with keys sorted by their UTF-8 bytes;
  /// - a sensitive value as `(sensitive)` — never the secret.
  public var canonicalText: String {
    var out: [UInt8] = []
    appendCanonical(to: &out, revealingSensitive: false)
    return String(decoding: out, as: UTF8.self)
  }

  /// Like ``canonicalText`` but a sensitive value is written as `sensitive(INNER)` with its
  /// content. Only for feeding a one-way hash (``imageDigest(identity:)``); never print it.
  package var canonicalTextRevealingSensitive: String {
    var out: [UInt8] = []
    appendCanonical(to: &out, revealingSensitive: true)
    return String(decoding: out, as: UTF8.self)
  }

  /// Appends the canonical encoding. Recursion depth is bounded by the parser's nesting cap.
  package func appendCanonical(to out: inout [UInt8], revealingSensitive: Bool) {
    switch self {
    case .null: out.append(contentsOf: "null".utf8)
    case .unknown: out.append(contentsOf: "unknown".utf8)
    case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
    case .number(let n): out.append(contentsOf: n.description.utf8)
    case .string(let s): Value.appendQuoted(s, to: &out)
    case .duration(let d):
      out.append(contentsOf: "duration(".utf8)
      out.append(contentsOf: String(d.milliseconds).utf8)
      out.append(UInt8(ascii: ")"))
    case .list(let items):
      out.append(UInt8(ascii: "["))
      for (index, item) in items.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        item.appendCanonical(to: &out, revealingSensitive: revealingSensitive)
      }
      out.append(UInt8(ascii: "]"))
    case .set(let items):
      out.append(contentsOf: "set[".utf8)
      let encoded = items.map { item -> (Value, [UInt8]) in
        var bytes: [UInt8] = []
        item.appendCanonical(to: &bytes, revealingSensitive: revealingSensitive)
        return (item, bytes)
      }.sorted { Value.setOrder($0.0, $0.1, $1.0, $1.1) }.map(\.1)
      for (index, bytes) in encoded.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        out.append(contentsOf: bytes)
      }
      out.append(UInt8(ascii: "]"))
    case .map(let entries):
      out.append(UInt8(ascii: "{"))
      for (index, key) in entries.keys.sorted(by: Value.keyOrder).enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        Value.appendQuoted(key, to: &out)
        out.append(UInt8(ascii: ":"))
        entries[key]!.appendCanonical(to: &out, revealingSensitive: revealingSensitive)
      }
      out.append(UInt8(ascii: "}"))
    case .sensitive(let inner):
      if revealingSensitive {
        out.append(contentsOf: "sensitive(".utf8)
        inner.appendCanonical(to: &out, revealingSensitive: true)
        out.append(UInt8(ascii: ")"))
      } else {
        out.append(contentsOf: "(sensitive)".utf8)
      }
    }
  }

  /// Map keys are ordered by their UTF-8 bytes (locale-independent, as Go's `sort.Strings`).
  public static func keyOrder(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
  }

  static func appendQuoted(_ s: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    for byte in s.utf8 {
      switch byte {
      case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
      case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
      case 0x0A: out.append(contentsOf: "\\n".utf8)
      case 0x0D: out.append(contentsOf: "\\r".utf8)
      case 0x09: out.append(contentsOf: "\\t".utf8)
      case 0..<0x20, 0x7F:
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        out.append(contentsOf: "\\u00".utf8)
        out.append(hex[Int(byte >> 4)])
        out.append(hex[Int(byte & 0xF)])
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}

// MARK: - Canonical order and structural helpers

extension Value {
  /// The order of set elements: numbers numerically, everything else by canonical text (secrets
  /// included, so equal texts mean equal values). Total and deterministic.
  public static func canonicalOrder(_ a: Value, _ b: Value) -> Bool {
    setOrder(a, Array(a.canonicalTextRevealingSensitive.utf8), b, Array(b.canonicalTextRevealingSensitive.utf8))
  }

  static func setOrder(_ a: Value, _ aBytes: [UInt8], _ b: Value, _ bBytes: [UInt8]) -> Bool {
    if case .number(let x) = a, case .number(let y) = b { return x < y }
    return aBytes.lexicographicallyPrecedes(bBytes)
  }

  /// Builds a set value: unique elements in ``canonicalOrder(_:_:)``.
  public static func makeSet(_ elements: [Value]) -> Value {
    var seen = Set<String>()
    var keyed: [([UInt8], Value)] = []
    for element in elements {
      let key = element.canonicalTextRevealingSensitive
      if seen.insert(key).inserted { keyed.append((Array(key.utf8), element)) }
    }
    keyed.sort { setOrder($0.1, $0.0, $1.1, $1.0) }
    return .set(keyed.map(\.1))
  }

  /// The value with every sensitivity mark removed, at any depth.
  public var deepUnmarked: Value {
    switch self {
    case .sensitive(let inner): return inner.deepUnmarked
    case .list(let items): return containsSensitive ? .list(items.map(\.deepUnmarked)) : self
    case .set(let items): return containsSensitive ? Value.makeSet(items.map(\.deepUnmarked)) : self
    case .map(let entries): return containsSensitive ? .map(entries.mapValues(\.deepUnmarked)) : self
    default: return self
    }
  }

  /// `value` marked sensitive when `isSensitive`, else unchanged.
  public static func marked(_ value: Value, if isSensitive: Bool) -> Value {
    isSensitive ? marked(value) : value
  }
}
