import Foundation
import ImmplanParser

/// The JSON form of ``RecordedValue`` shared by the state, plan and journal files.
///
/// Plain JSON for `null`, booleans, strings and lists; every other kind is an object with exactly
/// one tag key, so nothing is ambiguous and numbers never pass through `Double`:
/// `{"number": "0.1"}` (canonical decimal text), `{"duration_ms": 90000}`, `{"set": […]}`,
/// `{"map": {…}}`, `{"unknown": true}`, `{"sensitive_digest": "<64 hex>"}`.
/// A bare JSON number is refused with a message saying how numbers are written.
public struct CodedValue: Codable, Sendable, Hashable {
  public var value: RecordedValue
  public init(_ value: RecordedValue) { self.value = value }

  private enum Tag: String, CodingKey, CaseIterable {
    case number
    case durationMilliseconds = "duration_ms"
    case set
    case map
    case unknown
    case sensitiveDigest = "sensitive_digest"
  }

  public func encode(to encoder: any Encoder) throws {
    switch value {
    case .null:
      var container = encoder.singleValueContainer()
      try container.encodeNil()
    case .bool(let flag):
      var container = encoder.singleValueContainer()
      try container.encode(flag)
    case .string(let text):
      var container = encoder.singleValueContainer()
      try container.encode(text)
    case .list(let items):
      var container = encoder.singleValueContainer()
      try container.encode(items.map(CodedValue.init))
    case .number(let number):
      var container = encoder.container(keyedBy: Tag.self)
      try container.encode(number.description, forKey: .number)
    case .duration(let duration):
      var container = encoder.container(keyedBy: Tag.self)
      try container.encode(duration.milliseconds, forKey: .durationMilliseconds)
    case .set(let items):
      var container = encoder.container(keyedBy: Tag.self)
      try container.encode(items.map(CodedValue.init), forKey: .set)
    case .map(let entries):
      var container = encoder.container(keyedBy: Tag.self)
      try container.encode(entries.mapValues(CodedValue.init), forKey: .map)
    case .unknown:
      var container = encoder.container(keyedBy: Tag.self)
      try container.encode(true, forKey: .unknown)
    case .sensitiveDigest(let digest):
      var container = encoder.container(keyedBy: Tag.self)
      try container.encode(digest, forKey: .sensitiveDigest)
    }
  }

  public init(from decoder: any Decoder) throws {
    if let single = try? decoder.singleValueContainer() {
      if single.decodeNil() {
        value = .null
        return
      }
      if let flag = try? single.decode(Bool.self) {
        value = .bool(flag)
        return
      }
      if let text = try? single.decode(String.self) {
        value = .string(text)
        return
      }
    }
    if var items = try? decoder.unkeyedContainer() {
      var out: [RecordedValue] = []
      while !items.isAtEnd { out.append(try items.decode(CodedValue.self).value) }
      value = .list(out)
      return
    }
    guard let container = try? decoder.container(keyedBy: AnyKey.self) else {
      throw DecodingError.dataCorrupted(
        .init(
          codingPath: decoder.codingPath,
          debugDescription: "a bare JSON number is not a value here; numbers are written as {\"number\": \"1.5\"}"))
    }
    let keys = container.allKeys.map(\.stringValue).sorted()
    guard keys.count == 1, let tag = Tag(rawValue: keys[0]) else {
      let expected = Tag.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")
      throw DecodingError.dataCorrupted(
        .init(
          codingPath: decoder.codingPath,
          debugDescription:
            "expected an object with exactly one of \(expected), found keys [\(keys.joined(separator: ", "))]"))
    }
    let tagged = try decoder.container(keyedBy: Tag.self)
    switch tag {
    case .number:
      let text = try tagged.decode(String.self, forKey: .number)
      guard let number = Number(text), number.description == text else {
        throw DecodingError.dataCorruptedError(
          forKey: .number, in: tagged, debugDescription: "`\(text)` is not a number in canonical decimal form")
      }
      value = .number(number)
    case .durationMilliseconds:
      value = .duration(DurationValue(milliseconds: try tagged.decode(Int64.self, forKey: .durationMilliseconds)))
    case .set:
      value = .set(try tagged.decode([CodedValue].self, forKey: .set).map(\.value))
    case .map:
      value = .map(try tagged.decode([String: CodedValue].self, forKey: .map).mapValues(\.value))
    case .unknown:
      guard try tagged.decode(Bool.self, forKey: .unknown) else {
        throw DecodingError.dataCorruptedError(
          forKey: .unknown, in: tagged, debugDescription: "`unknown` must be `true`")
      }
      value = .unknown
    case .sensitiveDigest:
      let digest = try tagged.decode(String.self, forKey: .sensitiveDigest)
      guard StateHashing.isDigestHex(digest) else {
        throw DecodingError.dataCorruptedError(
          forKey: .sensitiveDigest, in: tagged, debugDescription: "expected 64 lowercase hexadecimal digits")
      }
      value = .sensitiveDigest(digest)
    }
  }
}

/// A coding key for any string (dictionary keys, unknown-key detection).
struct AnyKey: CodingKey {
  var stringValue: String
  var intValue: Int?
  init(_ string: String) { self.stringValue = string }
  init?(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) {
    self.stringValue = String(intValue)
    self.intValue = intValue
  }
}

/// Canonical JSON helpers for values and documents.
public enum ValueCoding {
  /// Compact canonical JSON of a value (sorted keys): what sensitive digests are computed over.
  public static func canonicalBytes(_ value: RecordedValue) -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    // Wrapped in an array so top-level fragments encode on every Foundation version.
    guard let data = try? encoder.encode([CodedValue(value)]) else {
      preconditionFailure("encoding a RecordedValue cannot fail")
    }
    return [UInt8](data)
  }

  /// The encoder every immplan artifact uses: sorted keys, two-space pretty layout, `/` unescaped.
  /// Equal inputs give identical bytes.
  public static func documentEncoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    return encoder
  }
}
