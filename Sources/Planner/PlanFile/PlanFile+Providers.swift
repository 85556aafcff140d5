import ImmplanParser

/// The plan file's `providers`: every declared provider configuration by its address (`sim`,
/// `aws`, `aws.eu`), with its settings as the type's schema types them: a string as a string, a
/// duration as whole milliseconds under `NAME_ms`, a map of strings as an object. Absent
/// optional settings are left out.
extension PlanFileWriter {
  static func providers(_ configurations: [ProviderConfiguration]) -> JSONValue {
    var members: [String: JSONValue] = [:]
    for configuration in configurations {
      var settings: [String: JSONValue] = [:]
      for (name, value) in configuration.settings {
        switch value {
        case .duration(let duration): settings[name + "_ms"] = .integer(duration.milliseconds)
        case .map(let entries): settings[name] = .object(entries.mapValues { .string($0.stringValue ?? "") })
        case .bool(let flag): settings[name] = .bool(flag)
        default: settings[name] = .string(value.stringValue ?? value.canonicalText)
        }
      }
      members[configuration.address.description] = .object(settings)
    }
    return .object(members)
  }
}

extension PlanFileReader {
  func providers(_ reader: JSONObjectReader) throws(StateError) -> [ProviderConfiguration] {
    var configurations: [ProviderConfiguration] = []
    for member in reader.members {
      let path = reader.keyPath(member.key)
      guard let address = ProviderConfigAddress(parsing: member.key), let type = ProviderType.named(address.type) else {
        throw StateError.invalidField(
          path: file, jsonPath: path, reason: "`\(member.key)` is not a known provider configuration")
      }
      let object = try JSONObjectReader(member.value, path: reader.keyNode(member.key), file: file)
      var keys: [String] = []
      var settings: [String: Value] = [:]
      for (name, settingType) in type.settingTypes {
        switch settingType {
        case .duration:
          keys.append(name + "_ms")
          if object.optional(name + "_ms") != nil {
            settings[name] = .duration(DurationValue(milliseconds: try object.int64(name + "_ms")))
          }
        case .map:
          keys.append(name)
          if object.optional(name) != nil { settings[name] = .map(try object.stringMap(name).mapValues(Value.string)) }
        case .bool:
          keys.append(name)
          if object.optional(name) != nil { settings[name] = .bool(try object.bool(name)) }
        default:
          keys.append(name)
          if let text = try object.optionalString(name) { settings[name] = .string(text) }
        }
      }
      try object.rejectUnknown(keys)
      configurations.append(ProviderConfiguration(address: address, settings: settings))
    }
    return configurations.sorted { $0.address < $1.address }
  }
}
