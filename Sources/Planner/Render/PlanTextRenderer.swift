import ImmplanParser

/// The human rendering of a plan shared by `plan` and `show` (BRIEF §9). Pure: same plan, same
/// text. Colour (ANSI) only when `color` is true; the caller decides (terminal, `NO_COLOR`,
/// `-no-color`).
public struct PlanTextRenderer: Sendable {
  public var color: Bool
  public init(color: Bool = false) { self.color = color }

  public func render(_ plan: Plan) -> String {
    var lines: [String] = []
    if let rollback = plan.rollback { lines += [Self.rollbackLine(rollback), ""] }
    for warning in plan.warnings where !warning.isError {
      lines.append(paint("warning[\(warning.code)]: \(warning.message)", .yellow))
      for note in warning.notes { lines.append("  = note: \(note)") }
    }
    if !plan.warnings.isEmpty { lines.append("") }
    guard plan.hasChanges else {
      lines.append(noChangesLine(plan))
      return lines.joined(separator: "\n") + "\n"
    }
    lines.append("immplan will perform these actions (\(Self.stateDescription(plan.prior))):")
    lines.append("")
    let width = plan.changes.map(\.displayAddress.count).max() ?? 0
    for change in plan.changes { lines += changeLines(change, width: width) }
    lines.append("")
    lines.append(Self.summaryLine(plan))
    return lines.joined(separator: "\n") + "\n"
  }

  /// `Plan: 2 to create, 3 to replace, 1 to destroy.` (plus settings-only updates when any).
  public static func summaryLine(_ plan: Plan) -> String {
    let summary = plan.summary
    var line = "Plan: \(summary.create) to create, \(summary.replace) to replace, \(summary.destroy) to destroy"
    if summary.settingsUpdate > 0 {
      line += ", \(summary.settingsUpdate) settings \(summary.settingsUpdate == 1 ? "update" : "updates")"
    }
    return line + "."
  }

  /// `Rolling back to version 2 (from version 4).`, for a plan made by `rollback -to VERSION`.
  public static func rollbackLine(_ rollback: PlannedRollback) -> String {
    "Rolling back to version \(rollback.toVersion)" + (rollback.fromVersion.map { " (from version \($0))" } ?? "") + "."
  }

  static func stateDescription(_ prior: PriorState) -> String {
    if prior.isNew { return "new state" }
    return "state serial \(prior.serial), lineage \(prior.lineage.prefix(4))…"
  }

  private func noChangesLine(_ plan: Plan) -> String {
    let objects = plan.unchangedCount == 1 ? "object" : "objects"
    return "No changes. The infrastructure matches the configuration (\(plan.unchangedCount) \(objects) unchanged)."
  }

  // MARK: - Changes

  private func changeLines(_ change: PlannedChange, width: Int) -> [String] {
    let address = change.displayAddress + String(repeating: " ", count: max(0, width - change.displayAddress.count))
    switch change.change {
    case .create(let planned):
      return [paint("  + ", .green) + "\(address)  create → \(planned.name)"]
    case .destroy(let old, let reason):
      return [paint("  - ", .red) + "\(address)  destroy \(old.name), \(Self.text(reason, old: old))"]
    case .keep(_, let settings):
      let list = settings.map { "\($0.path): \(ValueText.render($0.before)) → \(ValueText.render($0.after))" }
      return [
        paint("  ~ ", .yellow) + "\(address)  settings updated (\(list.joined(separator: ", "))), no cloud change"
      ]
    case .replace(let old, let planned, let order, let retire, let reasons):
      let orderText =
        planned.promoted
        ? "retained generation made current again, nothing is built"
        : order == .createBeforeDestroy ? "create before destroy" : "destroy before create, no rollback"
      var lines = [paint("-/+ ", .yellow) + "\(address)  replace \(old.name) → \(planned.name) (\(orderText))"]
      for reason in reasons { lines.append("      " + Self.text(reason)) }
      if retire == .retain { lines.append("      \(old.name) is kept as a retained generation for rollback") }
      if change.address.kind.traits.hasHealthGate, order == .createBeforeDestroy {
        let health = planned.settings.healthCheck ?? HealthCheckSettings()
        let bake = planned.settings.rollout?.bakeTime ?? .zero
        var condition =
          "healthy (\(health.type.rawValue), grace \(health.gracePeriod.description), timeout \(health.timeout.description))"
        if bake != .zero { condition += " and baked for \(bake.description)" }
        lines.append("      blue/green: \(planned.name) must be \(condition) before \(old.name) is destroyed")
      }
      return lines
    }
  }

  /// One reason, as a line of text.
  public static func text(_ reason: ReplaceReason) -> String {
    switch reason {
    case .attributeChanged(let change):
      return "\(change.path): \(ValueText.render(change.before)) → \(ValueText.render(change.after))"
    case .dependencyReplaced(let address, let outputs):
      let changing = outputs.filter { $0 != "name" }
      let detail =
        changing.isEmpty
        ? "" : " (its \(changing.joined(separator: ", ")) \(changing.count == 1 ? "changes" : "change"))"
      return "because \(address) is replaced\(detail)"
    case .dependencyCreated(let address): return "because \(address) is created"
    case .triggered(let trigger): return "replace_triggered_by \(trigger)"
    case .requested: return "requested with -replace"
    case .providerChanged(let before, let after): return "provider changed: \(before) → \(after)"
    case .drift(let detail): return "drift: \(detail)"
    }
  }

  static func text(_ reason: DestroyReason, old: RecordedObject) -> String {
    switch reason {
    case .removedFromConfiguration: "removed from configuration"
    case .destroyMode: "destroying everything (-destroy)"
    case .deposed: "deposed by an earlier apply"
    case .retentionExpired: "older than the retained generations (retain = \(old.record.settings.retain ?? 2))"
    }
  }

  // MARK: - Colour

  private enum Colour: String {
    case green = "32"
    case red = "31"
    case yellow = "33"
  }

  private func paint(_ text: String, _ colour: Colour) -> String {
    color ? "\u{1B}[\(colour.rawValue)m\(text)\u{1B}[0m" : text
  }
}
