import Foundation
import ImmplanParser

// The `Codable` form of one state object, kept for the plan file (PlanFile/), which embeds
// recorded and planned objects in the same vocabulary as the state file. The state file itself is
// read and written through ``JSONValue`` (see there for why); both produce the same object layout.

extension StateFile {
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

extension JSONPath {
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

  static func jsonTypeName(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: "a string"
    case is Bool.Type: "a boolean"
    case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
    case is Double.Type: "a number"
    default:
      String(describing: type).hasPrefix("Array")
        || String(describing: type).hasPrefix("[")
          && !String(describing: type).contains(":")
        ? "an array" : "an object"
    }
  }
}

extension ValueCoding {
  /// A `JSONEncoder` for `Codable` artifacts: sorted keys, pretty, `/` unescaped. Equal inputs give
  /// identical bytes.
  public static func documentEncoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    return encoder
  }
}

/// `Codable` object DTO ⇄ core types with the state file's validation; `path` is the file for messages.
struct StateConverter {
  var path: String

  private func invalid(_ jsonPath: String, _ reason: String) -> StateError {
    .invalidField(path: path, jsonPath: jsonPath, reason: reason)
  }

  func cloudObject(_ object: StateFile.Object, record: ObjectRecord, base: String) throws(StateError)
    -> CloudObject
  {
    guard let cloudID = object.cloudID, !cloudID.isEmpty else {
      throw invalid(base + ".cloud_id", "missing: a `\(object.status)` object must have a cloud ID")
    }
    guard let outputs = object.outputs else {
      throw invalid(base + ".outputs", "missing: a `\(object.status)` object must have outputs")
    }
    return CloudObject(record: record, cloudID: cloudID, outputs: outputs)
  }

  func record(_ object: StateFile.Object, address: ResourceAddress, base: String) throws(StateError)
    -> ObjectRecord
  {
    guard object.kind == address.kind.rawValue else {
      throw invalid(base + ".kind", "`\(object.kind)` does not match the address kind `\(address.kind.rawValue)`")
    }
    guard !object.name.isEmpty else { throw invalid(base + ".name", "must not be empty") }
    guard object.generation >= 1 else { throw invalid(base + ".generation", "must be at least 1") }
    let provider: ProviderBinding
    switch object.provider.name {
    case "sim":
      guard let directory = object.provider.directory else {
        throw invalid(base + ".provider.directory", "missing: the `sim` provider needs its directory")
      }
      provider = .sim(directory: directory)
    case "aws":
      guard let region = object.provider.region else {
        throw invalid(base + ".provider.region", "missing: the `aws` provider needs its region")
      }
      provider = .aws(region: region, endpoint: object.provider.endpoint)
    default:
      throw invalid(base + ".provider.name", "expected `sim` or `aws`, found `\(object.provider.name)`")
    }
    var dependencies: [ResourceAddress] = []
    for (index, text) in object.dependencies.enumerated() {
      guard let dependency = ResourceAddress(parsing: text) else {
        throw invalid(base + ".dependencies[\(index)]", "`\(text)` is not a resource address")
      }
      dependencies.append(dependency)
    }
    let settings = try settings(object.settings, base: base + ".settings")
    return ObjectRecord(
      name: object.name, generation: object.generation, digest: object.digest, provider: provider,
      identity: object.identity.mapValues(\.value), dependencies: dependencies, settings: settings)
  }

  func settings(_ dto: StateFile.Settings, base: String) throws(StateError) -> RecordedSettings {
    var healthCheck: HealthCheckSettings?
    if let check = dto.healthCheck {
      guard let type = HealthCheckSettings.CheckType(rawValue: check.type) else {
        throw invalid(base + ".health_check.type", "expected `ec2` or `elb`, found `\(check.type)`")
      }
      healthCheck = HealthCheckSettings(
        type: type, gracePeriod: DurationValue(milliseconds: check.gracePeriodMilliseconds),
        timeout: DurationValue(milliseconds: check.timeoutMilliseconds))
    }
    var rollout: RolloutSettings?
    if let dtoRollout = dto.rollout {
      guard let strategy = RolloutSettings.Strategy(rawValue: dtoRollout.strategy) else {
        throw invalid(base + ".rollout.strategy", "expected `blue_green`, found `\(dtoRollout.strategy)`")
      }
      rollout = RolloutSettings(
        strategy: strategy, bakeTime: DurationValue(milliseconds: dtoRollout.bakeTimeMilliseconds))
    }
    if let retain = dto.retain, retain < 0 { throw invalid(base + ".retain", "must not be negative") }
    return RecordedSettings(
      preventDestroy: dto.preventDestroy, createBeforeDestroy: dto.createBeforeDestroy, description: dto.description,
      retain: dto.retain, healthCheck: healthCheck, rollout: rollout)
  }

  static func object(address: ResourceAddress, status: ObjectStatus, record: ObjectRecord, cloud: CloudObject?)
    -> StateFile.Object
  {
    let provider = StateFile.Provider(
      name: record.provider.type, directory: record.provider.settings["directory"],
      region: record.provider.settings["region"], endpoint: record.provider.settings["endpoint"])
    return StateFile.Object(
      kind: address.kind.rawValue, status: status.rawValue, name: record.name, generation: record.generation,
      digest: record.digest, cloudID: cloud?.cloudID, outputs: cloud?.outputs, provider: provider,
      identity: record.identity.mapValues(CodedValue.init), dependencies: record.dependencies.map(\.description),
      settings: settingsDTO(record.settings))
  }

  static func settingsDTO(_ settings: RecordedSettings) -> StateFile.Settings {
    StateFile.Settings(
      preventDestroy: settings.preventDestroy, createBeforeDestroy: settings.createBeforeDestroy,
      description: settings.description, retain: settings.retain,
      healthCheck: settings.healthCheck.map {
        StateFile.HealthCheck(
          type: $0.type.rawValue, gracePeriodMilliseconds: $0.gracePeriod.milliseconds,
          timeoutMilliseconds: $0.timeout.milliseconds)
      },
      rollout: settings.rollout.map {
        StateFile.Rollout(strategy: $0.strategy.rawValue, bakeTimeMilliseconds: $0.bakeTime.milliseconds)
      })
  }
}
