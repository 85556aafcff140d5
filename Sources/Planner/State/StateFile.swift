import Foundation
import ImmplanParser

/// The on-disk state document, format version 1 (BRIEF §4): `Codable` DTOs, converted to and from
/// ``State`` at the edge (the planfile/statefile split). Nothing outside this file and
/// `StateFile+Conversion.swift` sees these types.
///
/// Layout (keys sorted when written):
/// ```json
/// { "digest_key": "<64 hex>", "format_version": 1, "history": [ … ], "lineage": "…",
///   "resources": { "image.web": { "current": { … }, "generations": [ … ] } },
///   "rolled_back_from": 3, "serial": 7 }
/// ```
enum StateFile {
  struct Document: Codable {
    var formatVersion: Int
    var lineage: String
    var serial: Int
    var digestKey: String
    var rolledBackFrom: Int?
    var resources: [String: Resource]
    var history: [Version]

    enum CodingKeys: String, CodingKey {
      case formatVersion = "format_version"
      case lineage, serial
      case digestKey = "digest_key"
      case rolledBackFrom = "rolled_back_from"
      case resources, history
    }
  }

  /// Just the version, read first so a newer file is refused before its shape is judged.
  struct VersionProbe: Decodable {
    var formatVersion: Int?
    var terraformVersion: String?
    enum CodingKeys: String, CodingKey {
      case formatVersion = "format_version"
      case terraformVersion = "terraform_version"
    }
  }

  struct Resource: Codable {
    var current: Object?
    var generations: [Object]
  }

  struct Object: Codable {
    var kind: String
    var status: String
    var name: String
    var generation: Int
    var digest: String
    var cloudID: String?
    var outputs: [String: String]?
    var provider: Provider
    var identity: [String: CodedValue]
    var dependencies: [String]
    var settings: Settings

    enum CodingKeys: String, CodingKey {
      case kind, status, name, generation, digest
      case cloudID = "cloud_id"
      case outputs, provider, identity, dependencies, settings
    }
  }

  struct Provider: Codable {
    var name: String
    var directory: String?
    var region: String?
    var endpoint: String?
  }

  struct Settings: Codable {
    var preventDestroy: Bool
    var createBeforeDestroy: Bool
    var description: String?
    var retain: Int?
    var healthCheck: HealthCheck?
    var rollout: Rollout?

    enum CodingKeys: String, CodingKey {
      case preventDestroy = "prevent_destroy"
      case createBeforeDestroy = "create_before_destroy"
      case description, retain
      case healthCheck = "health_check"
      case rollout
    }
  }

  struct HealthCheck: Codable {
    var type: String
    var gracePeriodMilliseconds: Int64
    var timeoutMilliseconds: Int64
    enum CodingKeys: String, CodingKey {
      case type
      case gracePeriodMilliseconds = "grace_period_ms"
      case timeoutMilliseconds = "timeout_ms"
    }
  }

  struct Rollout: Codable {
    var strategy: String
    var bakeTimeMilliseconds: Int64
    enum CodingKeys: String, CodingKey {
      case strategy
      case bakeTimeMilliseconds = "bake_time_ms"
    }
  }

  struct Version: Codable {
    var version: Int
    var time: String
    var planChecksum: String
    var objects: [String: HistoryObject]
    enum CodingKeys: String, CodingKey {
      case version, time
      case planChecksum = "plan_checksum"
      case objects
    }
  }

  struct HistoryObject: Codable {
    var name: String
    var digest: String
  }
}

// MARK: - Decoding errors → StateError

extension StateError {
  /// Maps a Foundation decoding failure to a precise error naming the JSON path.
  static func from(_ error: any Error, path: String) -> StateError {
    guard let decoding = error as? DecodingError else {
      return .malformedJSON(path: path, detail: String(describing: error))
    }
    switch decoding {
    case .dataCorrupted(let context):
      if context.codingPath.isEmpty {
        let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
        return .malformedJSON(path: path, detail: lowercasedFirst(underlying ?? context.debugDescription))
      }
      return .invalidField(
        path: path, jsonPath: JSONPath.render(context.codingPath), reason: lowercasedFirst(context.debugDescription))
    case .keyNotFound(let key, let context):
      return .invalidField(
        path: path, jsonPath: JSONPath.render(context.codingPath + [key]), reason: "missing required field")
    case .typeMismatch(let type, let context):
      return .invalidField(
        path: path, jsonPath: JSONPath.render(context.codingPath), reason: "expected \(JSONPath.jsonTypeName(type))")
    case .valueNotFound(let type, let context):
      return .invalidField(
        path: path, jsonPath: JSONPath.render(context.codingPath),
        reason: "expected \(JSONPath.jsonTypeName(type)), found null")
    @unknown default:
      return .malformedJSON(path: path, detail: String(describing: error))
    }
  }

  private static func lowercasedFirst(_ text: String) -> String {
    guard let first = text.first else { return text }
    var out = first.lowercased() + text.dropFirst()
    if out.hasSuffix(".") { out.removeLast() }
    return out
  }
}

/// JSON paths in error messages: `$.resources["image.web"].generations[0].cloud_id`.
enum JSONPath {
  static func render(_ codingPath: [any CodingKey]) -> String {
    var out = "$"
    for key in codingPath {
      if let index = key.intValue {
        out += "[\(index)]"
      } else {
        out += component(key.stringValue)
      }
    }
    return out
  }

  /// `.name` for identifier-like keys, `["image.web"]` otherwise.
  static func component(_ key: String) -> String {
    let isIdentifier =
      !key.isEmpty
      && key.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x41 && $0 <= 0x5a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5f }
    if isIdentifier { return "." + key }
    let escaped = key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    return "[\"\(escaped)\"]"
  }

  static func jsonTypeName(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: "a string"
    case is Bool.Type: "a boolean"
    case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
    case is Double.Type: "a number"
    default:
      String(describing: type).hasPrefix("Array") || String(describing: type).hasPrefix("[")
        && !String(describing: type).contains(":") ? "an array" : "an object"
    }
  }
}
