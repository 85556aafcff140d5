import ImmplanParser
import ImmplanPlanner

/// The closing lines of an apply (BRIEF §9):
///
///     Apply complete: 1 created, 3 replaced, 1 destroyed. Version 12, state serial 42.
///
/// or, after a failure or an interrupt, what failed, what was rolled back and why, and what the
/// state now records. Pure.
public struct ApplySummary: Sendable {
  public var result: Applier.Result
  public var report: ExecutionReport
  public var plan: Plan

  public init(result: Applier.Result, report: ExecutionReport, plan: Plan) {
    self.result = result
    self.report = report
    self.plan = plan
  }

  private var versionText: String {
    let version = result.state.history.last.map { "Version \($0.number), " } ?? ""
    return "\(version)state serial \(result.state.serial)."
  }

  /// `Apply complete: …` (or `Destroy complete: …`).
  public var completeLine: String {
    let summary = result.summary
    if result.mode == .destroy { return "Destroy complete: \(summary.destroy) destroyed. \(versionText)" }
    var line = "Apply complete: \(summary.create) created, \(summary.replace) replaced, \(summary.destroy) destroyed"
    if summary.settingsUpdate > 0 { line += ", \(summary.settingsUpdate) settings updated" }
    return line + ". " + versionText
  }

  /// What went wrong, what was rolled back and why, and the saved state.
  public var failureText: String {
    var lines: [String] = []
    let interrupted = report.status == .interrupted
    lines.append(
      interrupted
        ? "Apply interrupted: no new operation was started and running ones finished."
        : "Apply failed: \(report.failures.count) \(report.failures.count == 1 ? "operation" : "operations") failed.")
    for id in report.failures.keys.sorted() {
      let address = plan.operations.first { $0.id == id }?.address.description ?? id
      lines.append("  \(address): \(report.failures[id]!)")
    }
    for rollback in report.rollbacks {
      let name = rollback.object.plannedName
      switch rollback.result {
      case .destroyed:
        let kept = rollback.kept.map { "; \($0) stays in service" } ?? ""
        lines.append("  rolled back \(rollback.address): destroyed \(name)\(kept), because \(rollback.reason)")
      case .failed(let failure):
        lines.append(
          "  could not roll back \(rollback.address): \(name) not destroyed (\(failure)); the next plan replaces it")
      case .notRun:
        lines.append("  rollback of \(rollback.address) (\(name)) did not run; the next plan replaces it")
      }
    }
    if !report.skipped.isEmpty {
      lines.append(
        "  \(report.skipped.count) \(report.skipped.count == 1 ? "operation was" : "operations were") not started.")
    }
    if let from = result.state.rolledBackFrom, report.rollbacks.contains(where: { $0.result == .destroyed }) {
      lines.append("The state records \"rolled back from version \(from)\".")
    }
    lines.append("State saved: \(versionText) Plan again to continue.")
    return lines.joined(separator: "\n") + "\n"
  }
}

/// `output` values (BRIEF §7): evaluated from the configuration with the recorded objects'
/// outputs. Sensitive outputs print as `(sensitive)` unless asked for by name.
public enum OutputRenderer {
  /// The value of output `name`, nil when it is not declared.
  public static func value(named name: String, graph: Graph, state: State) -> Value? {
    guard graph.outputs.contains(where: { $0.name == name }) else { return nil }
    return graph.evaluateOutput(named: name) { address in
      state.resources[address]?.current.map { current in
        var values = current.outputs.mapValues(Value.string)
        values["id"] = values["id"] ?? .string(current.cloudID)
        values["name"] = values["name"] ?? .string(current.record.name)
        return values
      }
    }.0
  }

  /// `NAME = VALUE` lines, by name; sensitive ones hidden.
  public static func text(graph: Graph, state: State) -> String {
    var text = ""
    for output in graph.outputs.sorted(by: { $0.name < $1.name }) {
      let value = self.value(named: output.name, graph: graph, state: state) ?? .null
      text += "\(output.name) = \(output.isSensitive ? "(sensitive)" : display(value))\n"
    }
    return text
  }

  /// One value as HCL-like text; `(sensitive)` for marked parts, `(known after apply)` for unknown.
  public static func display(_ value: Value) -> String {
    switch value {
    case .sensitive: return "(sensitive)"
    case .unknown: return "(known after apply)"
    default: return PlanVariables.expression(value)
    }
  }

  /// `value` revealed (the user named it), as text.
  public static func reveal(_ value: Value) -> String {
    if case .string(let text) = value.unmarked { return text }
    return PlanVariables.expression(value.unmarked)
  }

  /// JSON of the outputs: `{"NAME": {"sensitive": bool, "value": …}}`, sensitive values null.
  public static func json(graph: Graph, state: State) -> String {
    var members: [String] = []
    for output in graph.outputs.sorted(by: { $0.name < $1.name }) {
      let value = self.value(named: output.name, graph: graph, state: state) ?? .null
      let encoded = output.isSensitive ? "null" : jsonValue(value)
      members.append("  \(jsonString(output.name)): {\"sensitive\": \(output.isSensitive), \"value\": \(encoded)}")
    }
    return members.isEmpty ? "{}\n" : "{\n" + members.joined(separator: ",\n") + "\n}\n"
  }

  static func jsonValue(_ value: Value) -> String {
    switch value {
    case .null, .unknown, .sensitive: return "null"
    case .string(let text): return jsonString(text)
    case .number(let number): return number.description
    case .bool(let flag): return flag ? "true" : "false"
    case .duration(let duration): return jsonString(duration.description)
    case .list(let items), .set(let items): return "[" + items.map(jsonValue).joined(separator: ", ") + "]"
    case .map(let entries):
      return "{" + entries.keys.sorted().map { "\(jsonString($0)): \(jsonValue(entries[$0]!))" }.joined(separator: ", ")
        + "}"
    }
  }

  /// A JSON string literal (the one writer the diagnostics' JSON uses too).
  static func jsonString(_ text: String) -> String { DiagnosticRenderer.jsonString(text) }
}
