import ImmplanParser
import ImmplanSupport

/// How a ``Value`` is written in plan files and digests: plain JSON where JSON has the type
/// (strings, numbers with their exact text, bools, null, lists, maps), and a one-member object with
/// an `@` key where it does not: `{"@set": [...]}`, `{"@duration": "1m30s"}`, `{"@unknown": true}`,
/// `{"@sensitive": "hmac-sha256:…"}`. A map that itself has exactly one `@…` key is wrapped as
/// `{"@map": {...}}`, so every value reads back unchanged.
package enum ValueCoding {
  package static func encode(_ value: Value) -> JSONValue {
    switch value {
    case .null: return .null
    case .unknown: return .object(["@unknown": .bool(true)])
    case .string(let text): return .string(text)
    case .number(let number): return .number(number.description)
    case .bool(let flag): return .bool(flag)
    case .duration(let duration): return .object(["@duration": .string(DurationText.format(duration))])
    case .list(let items): return .array(items.map(encode))
    case .set(let items): return .object(["@set": .array(items.map(encode))])
    case .map(let entries):
      let object = JSONValue.object(entries.mapValues(encode))
      if entries.count == 1, entries.keys.first!.hasPrefix("@") { return .object(["@map": object]) }
      return object
    case .sensitive(let inner):
      // Only sealed values (a digest string, or unknown) may be written; anything else is a bug
      // upstream, and is redacted rather than leaked.
      switch inner {
      case .string(let digest) where digest.hasPrefix(ValueSealer.digestPrefix):
        return .object(["@sensitive": .string(digest)])
      case .unknown: return .object(["@sensitive": encode(.unknown)])
      default: return .object(["@sensitive": .string("(redacted)")])
      }
    }
  }

  package static func decode(_ json: JSONValue) -> Value? {
    switch json {
    case .null: return .null
    case .bool(let flag): return .bool(flag)
    case .number(let text): return Number(text).map(Value.number)
    case .string(let text): return .string(text)
    case .array(let items):
      var values: [Value] = []
      values.reserveCapacity(items.count)
      for item in items {
        guard let value = decode(item) else { return nil }
        values.append(value)
      }
      return .list(values)
    case .object(let members):
      if members.count == 1, let (key, inner) = members.first, key.hasPrefix("@") {
        switch key {
        case "@unknown": return inner == .bool(true) ? .unknown : nil
        case "@duration": return inner.stringValue.flatMap(DurationText.parse).map(Value.duration)
        case "@set":
          guard case .list(let items)? = decode(inner) else { return nil }
          return .set(items)
        case "@sensitive":
          guard let value = decode(inner) else { return nil }
          return .sensitive(value)
        case "@map":
          guard let object = inner.objectValue else { return nil }
          return decodeMap(object)
        default: return nil
        }
      }
      return decodeMap(members)
    }
  }

  private static func decodeMap(_ members: [String: JSONValue]) -> Value? {
    var entries: [String: Value] = [:]
    for (key, member) in members {
      guard let value = decode(member) else { return nil }
      entries[key] = value
    }
    return .map(entries)
  }

  /// Compact canonical bytes of a value: the input of digests.
  package static func canonicalBytes(_ value: Value) -> [UInt8] { Array(encode(value).compactText().utf8) }
}

/// Replaces every sensitive part of a value with its keyed digest, so secrets never reach a plan,
/// a state or a log (BRIEF §3). The digest is HMAC-SHA256 under the state's random key over the
/// value's canonical encoding; a weak secret could be guessed by whoever holds both the key
/// (the state) and a digest.
package struct ValueSealer: Sendable {
  package static let digestPrefix = "hmac-sha256:"
  package var key: [UInt8]
  package init(key: [UInt8]) { self.key = key }

  package func seal(_ value: Value) -> Value {
    switch value {
    case .sensitive(let inner):
      if case .string(let text) = inner, text.hasPrefix(ValueSealer.digestPrefix) { return value }
      if inner.containsUnknown { return .sensitive(.unknown) }
      return .sensitive(.string(digest(of: inner)))
    case .list(let items): return value.containsSensitive ? .list(items.map(seal)) : value
    case .set(let items): return value.containsSensitive ? .set(items.map(seal)) : value
    case .map(let entries): return value.containsSensitive ? .map(entries.mapValues(seal)) : value
    default: return value
    }
  }

  package func digest(of value: Value) -> String {
    ValueSealer.digestPrefix
      + Hex.encode(HMACSHA256.authenticationCode(for: ValueCoding.canonicalBytes(value), key: key))
  }
}

/// Duration text of plan files and renderings: `1h30m`, `1m30s`, `0s`, `250ms`, `1s500ms`.
package enum DurationText {
  package static func format(_ duration: DurationValue) -> String {
    var remaining = duration.milliseconds
    if remaining == 0 { return "0s" }
    var text = remaining < 0 ? "-" : ""
    remaining = remaining.magnitude > Int64.max.magnitude ? Int64.max : abs(remaining)
    let units: [(Int64, String)] = [(3_600_000, "h"), (60_000, "m"), (1000, "s"), (1, "ms")]
    for (size, unit) in units where remaining >= size {
      text += "\(remaining / size)\(unit)"
      remaining %= size
    }
    return text
  }

  package static func parse(_ text: String) -> DurationValue? {
    var utf8 = Substring(text)
    var negative = false
    if utf8.first == "-" {
      negative = true
      utf8 = utf8.dropFirst()
    }
    guard !utf8.isEmpty else { return nil }
    var total: Int64 = 0
    while !utf8.isEmpty {
      let digits = utf8.prefix { $0.isASCII && $0.isNumber }
      guard !digits.isEmpty, let amount = Int64(digits) else { return nil }
      utf8 = utf8.dropFirst(digits.count)
      let unit = utf8.prefix { $0.isASCII && $0.isLetter }
      utf8 = utf8.dropFirst(unit.count)
      let scale: Int64
      switch unit {
      case "h": scale = 3_600_000
      case "m": scale = 60_000
      case "s": scale = 1000
      case "ms": scale = 1
      default: return nil
      }
      let (product, overflow) = amount.multipliedReportingOverflow(by: scale)
      guard !overflow else { return nil }
      total += product
    }
    return DurationValue(milliseconds: negative ? -total : total)
  }
}
