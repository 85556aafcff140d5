import ImmplanParser

/// Text renderings of the recorded state for `state list`, `state show` and `show DIR`.
public enum StateRenderer {
  /// `state list`: one current address per line, nothing else; with `all`, older generations too
  /// (`fleet.web#g6 deposed`).
  public static func list(_ state: State, all: Bool) -> String {
    var out = ""
    for address in state.sortedAddresses {
      for object in state.recordedObjects(at: address) {
        if object.status == .current {
          out += "\(address)\n"
        } else if all {
          out += "\(object.objectKey) \(object.status.rawValue)\n"
        }
      }
    }
    return out
  }

  /// `state show ADDRESS`: every recorded object at the address; nil when nothing is recorded.
  /// Sensitive inputs appear only as `(sensitive)`.
  public static func show(_ state: State, address: ResourceAddress) -> String? {
    let objects = state.recordedObjects(at: address)
    guard !objects.isEmpty else { return nil }
    var out = ""
    for object in objects {
      out += "# \(object.objectKey) (\(object.status.rawValue))\n"
      var lines: [(String, String)] = [
        ("name", ValueText.quoted(object.name)), ("generation", "\(object.generation)"),
        ("provider", object.record.provider.displayText), ("digest", ValueText.quoted(object.record.digest)),
      ]
      if let cloudID = object.cloudID { lines.append(("cloud_id", ValueText.quoted(cloudID))) }
      for key in object.record.identity.keys.sorted() {
        lines.append((key, ValueText.render(object.record.identity[key])))
      }
      for key in object.outputs.keys.sorted() {
        lines.append(("output \(key)", ValueText.quoted(object.outputs[key]!)))
      }
      for (path, value) in object.record.settings.valuesByPath.sorted(by: { $0.key < $1.key }) {
        lines.append(("setting \(path)", ValueText.render(value)))
      }
      if !object.record.dependencies.isEmpty {
        lines.append(("dependencies", object.record.dependencies.map(\.description).joined(separator: ", ")))
      }
      let width = lines.map(\.0.count).max() ?? 0
      for (key, value) in lines {
        out += "  \(key)\(String(repeating: " ", count: width - key.count)) = \(value)\n"
      }
    }
    return out
  }

  /// `show DIR`: the state's header and every object, one line each.
  public static func summary(_ state: State) -> String {
    guard !state.resources.isEmpty else { return "The state is empty (serial \(state.serial)).\n" }
    var out = "State serial \(state.serial), lineage \(state.lineage)"
    if let version = state.rolledBackFrom { out += ", rolled back from version \(version)" }
    out += ":\n\n"
    let objects = state.sortedAddresses.flatMap { state.recordedObjects(at: $0) }
    let width = objects.map(\.objectKey.count).max() ?? 0
    for object in objects {
      let key = object.objectKey + String(repeating: " ", count: width - object.objectKey.count)
      out += "  \(key)  \(object.status.rawValue.padded(8))  \(object.name)  \(object.cloudID ?? "(not confirmed)")\n"
    }
    return out
  }
}

extension String {
  fileprivate func padded(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
