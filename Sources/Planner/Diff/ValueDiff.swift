import ImmplanParser

/// Finds the attribute paths where two maps of values differ, down to list elements and map
/// entries (`provision[3]`, `tags.team`), for replace reasons and settings changes.
enum ValueDiff {
  /// Changes between `before` and `after`, sorted by path. Paths descend into lists of equal length
  /// and into maps, never into sensitive or unknown values. Recursion is bounded by the parser's
  /// nesting cap, like every walk over values.
  static func changes(from before: [String: RecordedValue], to after: [String: RecordedValue], prefix: String = "")
    -> [AttributeChange]
  {
    // Nearly every resource of a plan is unchanged: say so without building and sorting key sets.
    if before == after { return [] }
    var result: [AttributeChange] = []
    let keys = Set(before.keys).union(after.keys).sorted()
    for key in keys {
      let old = before[key]
      let new = after[key]
      if old == new { continue }
      let path = prefix.isEmpty ? key : (isIdentifier(key) ? "\(prefix).\(key)" : "\(prefix)[\"\(key)\"]")
      if let old, let new {
        result += changes(from: old, to: new, path: path)
      } else {
        result.append(AttributeChange(path: path, before: old, after: new))
      }
    }
    return result
  }

  static func changes(from old: RecordedValue, to new: RecordedValue, path: String) -> [AttributeChange] {
    switch (old, new) {
    case (.list(let a), .list(let b)) where a.count == b.count && !a.isEmpty:
      var result: [AttributeChange] = []
      for index in a.indices where a[index] != b[index] {
        result += changes(from: a[index], to: b[index], path: "\(path)[\(index)]")
      }
      return result
    case (.map(let a), .map(let b)) where !a.isEmpty && !b.isEmpty:
      return changes(from: a, to: b, prefix: path)
    default:
      return [AttributeChange(path: path, before: old, after: new)]
    }
  }

  private static func isIdentifier(_ key: String) -> Bool {
    guard let first = key.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
    return key.unicodeScalars.allSatisfy {
      $0 == "_" || $0 == "-" || $0.properties.isAlphabetic || ("0"..."9").contains($0)
    }
  }
}

extension RecordedSettings {
  /// The settings as values by path, for diffing and display. Absent ones are left out.
  var valuesByPath: [String: RecordedValue] {
    var values: [String: RecordedValue] = [:]
    if let description { values["description"] = .string(description) }
    if let retain { values["retain"] = .number(Number(retain)) }
    if let healthCheck {
      values["health_check.type"] = .string(healthCheck.type.rawValue)
      values["health_check.grace_period"] = .duration(healthCheck.gracePeriod)
      values["health_check.timeout"] = .duration(healthCheck.timeout)
    }
    if let rollout {
      values["rollout.strategy"] = .string(rollout.strategy.rawValue)
      values["rollout.bake_time"] = .duration(rollout.bakeTime)
    }
    values["lifecycle.prevent_destroy"] = .bool(preventDestroy)
    values["lifecycle.create_before_destroy"] = .bool(createBeforeDestroy)
    return values
  }

  /// Settings changes from `recorded` to `self`, sorted by path.
  func changes(from recorded: RecordedSettings) -> [AttributeChange] {
    if recorded == self { return [] }
    let before = recorded.valuesByPath
    let after = valuesByPath
    return Set(before.keys).union(after.keys).sorted().compactMap { path in
      before[path] == after[path] ? nil : AttributeChange(path: path, before: before[path], after: after[path])
    }
  }
}

extension ReplaceTrigger {
  /// `image.web` or `image.web.id`.
  public var text: String { attribute.map { "\(address).\($0)" } ?? address.description }
}
