/// A stable text dump of a ``Graph`` for golden files (`specs/graph/*.graph`) and debugging.
///
/// Sections in a fixed order: variables (by name), resources (in the graph's topological order)
/// with dependencies, identity attributes as evaluated in validate mode (resources' computed
/// outputs `unknown`) and settings, outputs (by name), providers, state. Values use
/// ``Value/canonicalText``, so secrets print as `(sensitive)`.
public enum GraphDump {
  public static func text(of graph: Graph) -> String {
    var lines: [String] = []
    for variable in graph.variables {
      let flags = variable.isSensitive ? " sensitive" : ""
      lines.append("variable \(variable.name): \(variable.type)\(flags) = \(variable.value.canonicalText)")
    }
    for resource in graph.resources {
      lines.append("\(resource.address)")
      lines.append("  depends_on = [\(resource.dependencies.map(\.description).joined(separator: ", "))]")
      let identity = graph.evaluateIdentity(of: resource.address) { _ in nil }.attributes
      for name in identity.keys.sorted(by: Value.keyOrder) {
        lines.append("  \(name) = \(identity[name]!.canonicalText)")
      }
      let settings = resource.settings
      if let description = settings.description { lines.append("  description = \(quoted(description))") }
      if let retain = settings.retain { lines.append("  retain = \(retain)") }
      if let health = settings.healthCheck {
        lines.append(
          "  health_check { type = \(health.type.rawValue), grace_period = \(health.gracePeriod), timeout = \(health.timeout) }"
        )
      }
      if let rollout = settings.rollout {
        lines.append("  rollout { strategy = \(rollout.strategy.rawValue), bake_time = \(rollout.bakeTime) }")
      }
      let lifecycle = settings.lifecycle
      let triggers = lifecycle.replaceTriggeredBy.map { trigger in
        trigger.attribute.map { "\(trigger.address).\($0)" } ?? trigger.address.description
      }
      lines.append(
        "  lifecycle { prevent_destroy = \(lifecycle.preventDestroy), create_before_destroy = \(lifecycle.createBeforeDestroy), replace_triggered_by = [\(triggers.joined(separator: ", "))] }"
      )
    }
    for output in graph.outputs {
      let (value, _) = graph.evaluateOutput(named: output.name) { _ in nil }
      let flags = output.isSensitive ? " sensitive" : ""
      let dependencies = output.dependencies.map(\.description).joined(separator: ", ")
      lines.append("output \(output.name)\(flags) = \(value.canonicalText) depends_on = [\(dependencies)]")
    }
    for provider in graph.providers {
      let settings = (provider.type?.schema.attributes ?? []).map { attribute in
        "\(attribute.name) = " + (provider.settings[attribute.name].map(Self.settingText) ?? "null")
      }
      lines.append("provider \(provider.address) { \(settings.joined(separator: ", ")) }")
    }
    switch graph.stateBackend {
    case .local(let path):
      lines.append("state local { path = \(quoted(path)) }")
    case .s3(let bucket, let key, let region, let endpoint, let profile):
      func text(_ s: String?) -> String { s.map { quoted($0) } ?? "null" }
      lines.append(
        "state s3 { bucket = \(quoted(bucket)), key = \(quoted(key)), region = \(text(region)), endpoint = \(text(endpoint)), profile = \(text(profile)) }"
      )
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A provider setting as the dump shows it: strings quoted, durations as written, maps by key.
  private static func settingText(_ value: Value) -> String {
    switch value {
    case .string(let text): return quoted(text)
    case .duration(let duration): return duration.description
    case .map(let entries):
      let items = entries.keys.sorted(by: Value.keyOrder).map { "\(quoted($0)) = \(settingText(entries[$0]!))" }
      return "{" + items.joined(separator: ", ") + "}"
    default: return value.canonicalText
    }
  }
}
