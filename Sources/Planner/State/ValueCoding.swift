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
  /// The JSON tree of a value (the same form ``CodedValue`` encodes).
  public static func json(_ value: RecordedValue) -> JSONValue {
    switch value {
    case .null: return .null
    case .bool(let flag): return .bool(flag)
    case .string(let text): return .string(text)
    case .list(let items): return .array(items.map(json))
    case .number(let number): return .object([JSONMember(key: "number", value: .string(number.description))])
    case .duration(let duration):
      return .object([JSONMember(key: "duration_ms", value: .integer(duration.milliseconds))])
    case .set(let items): return .object([JSONMember(key: "set", value: .array(items.map(json)))])
    case .map(let entries):
      return .object([JSONMember(key: "map", value: .object(entries.mapValues(json)))])
    case .unknown: return .object([JSONMember(key: "unknown", value: .bool(true))])
    case .sensitiveDigest(let digest): return .object([JSONMember(key: "sensitive_digest", value: .string(digest))])
    }
  }

  /// Reads a value written by ``json(_:)``; errors name `path` inside `file`.
  public static func value(from json: JSONValue, path: String, file: String) throws(StateError) -> RecordedValue {
    try value(from: json, node: .root(path), file: file)
  }

  static func value(from json: JSONValue, node path: JSONPathNode, file: String) throws(StateError) -> RecordedValue {
    func invalid(_ at: JSONPathNode, _ reason: String) -> StateError {
      .invalidField(path: file, jsonPath: at.rendered, reason: reason)
    }
    switch json {
    case .null: return .null
    case .bool(let flag): return .bool(flag)
    case .string(let text): return .string(text)
    case .number:
      throw invalid(path, "a bare JSON number is not a value here; numbers are written as {\"number\": \"1.5\"}")
    case .array(let items):
      var out: [RecordedValue] = []
      out.reserveCapacity(items.count)
      for (index, item) in items.enumerated() {
        out.append(try value(from: item, node: .index(path, index), file: file))
      }
      return .list(out)
    case .object(let members):
      guard members.count == 1 else {
        throw invalid(
          path,
          "expected an object with exactly one of `number`, `duration_ms`, `set`, `map`, `unknown`, `sensitive_digest`,"
            + " found \(members.count) keys")
      }
      let member = members[0]
      let at = JSONPathNode.key(path, member.key)
      switch (member.key, member.value) {
      case ("number", .string(let text)):
        guard let number = Number(text), number.description == text else {
          throw invalid(at, "`\(text)` is not a number in canonical decimal form")
        }
        return .number(number)
      case ("duration_ms", .number(let text)):
        guard let milliseconds = Int64(text) else { throw invalid(at, "expected an integer number of milliseconds") }
        return .duration(DurationValue(milliseconds: milliseconds))
      case ("set", .array(let items)):
        var out: [RecordedValue] = []
        for (index, item) in items.enumerated() {
          out.append(try value(from: item, node: .index(at, index), file: file))
        }
        return .set(out)
      case ("map", .object(let entries)):
        var out: [String: RecordedValue] = [:]
        for entry in entries { out[entry.key] = try value(from: entry.value, node: .key(at, entry.key), file: file) }
        return .map(out)
      case ("unknown", .bool(true)): return .unknown
      case ("sensitive_digest", .string(let digest)):
        guard StateHashing.isDigestHex(digest) else { throw invalid(at, "expected 64 lowercase hexadecimal digits") }
        return .sensitiveDigest(digest)
      case ("number", _), ("sensitive_digest", _):
        throw invalid(at, "expected a string, found \(member.value.kindDescription)")
      case ("duration_ms", _): throw invalid(at, "expected an integer, found \(member.value.kindDescription)")
      case ("set", _): throw invalid(at, "expected an array, found \(member.value.kindDescription)")
      case ("map", _): throw invalid(at, "expected an object, found \(member.value.kindDescription)")
      case ("unknown", _): throw invalid(at, "must be `true`")
      default:
        throw invalid(
          at, "unknown value tag (expected `number`, `duration_ms`, `set`, `map`, `unknown` or `sensitive_digest`)")
      }
    }
  }

  /// Compact canonical JSON of a value (sorted keys): what sensitive digests are computed over.
  public static func canonicalBytes(_ value: RecordedValue) -> [UInt8] {
    json(value).encoded(pretty: false)
  }
}
