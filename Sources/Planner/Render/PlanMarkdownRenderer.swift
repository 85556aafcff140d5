import ImmplanParser

/// The pull-request comment rendering (BRIEF §7): summary first, a table of changes, the full text
/// rendering collapsed in `<details>`. Always under ``limit`` characters: past it, the table and
/// the details are cut with a note saying how much was left out (the plan file has everything).
public struct PlanMarkdownRenderer: Sendable {
  /// GitHub's comment limit is 65,536; stay well below.
  public static let limit = 60_000
  /// Rows of the change table before it is summarised.
  static let maximumRows = 200

  public var limit: Int
  public init(limit: Int = PlanMarkdownRenderer.limit) { self.limit = limit }

  public func render(_ plan: Plan, checksum: String? = nil) -> String {
    var head = "### immplan plan\n\n"
    if let rollback = plan.rollback { head += PlanTextRenderer.rollbackLine(rollback) + "\n\n" }
    if plan.hasChanges {
      head += "**\(PlanTextRenderer.summaryLine(plan))** (\(PlanTextRenderer.stateDescription(plan.prior)))\n"
    } else {
      head += "**No changes.** The infrastructure matches the configuration (\(plan.unchangedCount) unchanged).\n"
    }
    if let checksum { head += "\nPlan file checksum: `\(checksum)`\n" }
    for warning in plan.warnings where !warning.isError {
      head += "\n> **warning[\(warning.code)]**: \(Self.escape(warning.message))\n"
    }

    var table = ""
    if plan.hasChanges {
      table += "\n| | address | action | new name | why |\n|---|---|---|---|---|\n"
      for change in plan.changes.prefix(Self.maximumRows) { table += row(change) }
      if plan.changes.count > Self.maximumRows {
        table += "\n… and \(plan.changes.count - Self.maximumRows) more changes (see the plan file).\n"
      }
    }

    let text = PlanTextRenderer(color: false).render(plan)
    let open = "\n<details><summary>Full plan</summary>\n\n<pre>\n"
    let close = "</pre>\n</details>\n"
    let budget = limit - head.count - table.count - open.count - close.count - 200
    let details = Self.cut(Self.escapeHTML(text), to: budget)
    var output = head + table
    if budget > 0 { output += open + details + close }
    if output.count >= limit { output = String(output.prefix(limit - 2)) + "…\n" }
    return output
  }

  private func row(_ change: PlannedChange) -> String {
    let symbol: String
    let action: String
    var why = ""
    switch change.change {
    case .create:
      symbol = "➕"
      action = "create"
    case .replace(_, let planned, let order, _, let reasons):
      symbol = "🔁"
      action =
        planned.promoted
        ? "replace (retained generation made current)"
        : order == .createBeforeDestroy ? "replace" : "replace (destroy first)"
      why = reasons.first.map(PlanTextRenderer.text) ?? ""
      if reasons.count > 1 { why += " (+\(reasons.count - 1))" }
    case .destroy(let old, let reason):
      symbol = "➖"
      action = "destroy"
      why = PlanTextRenderer.text(reason, old: old)
    case .keep(_, let settings):
      symbol = "⚙️"
      action = "settings updated"
      why = settings.map(\.path).joined(separator: ", ")
    }
    let name = change.planned?.name ?? change.recorded?.name ?? ""
    return
      "| \(symbol) | `\(change.displayAddress)` | \(action) | \(name) | \(Self.escape(ValueText.shorten(why, to: 120))) |\n"
  }

  /// Cuts at a line boundary with a note, so the `<pre>` block stays readable.
  static func cut(_ text: String, to budget: Int) -> String {
    guard text.count > budget else { return text }
    guard budget > 100 else { return "" }
    var kept = ""
    var count = 0
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    var index = 0
    while index < lines.count, count + lines[index].count + 1 <= budget - 100 {
      kept += lines[index] + "\n"
      count += lines[index].count + 1
      index += 1
    }
    return kept + "… \(lines.count - index) more lines left out (see the plan file)\n"
  }

  /// Table-cell safe: no pipes, no newlines, no HTML.
  static func escape(_ text: String) -> String {
    escapeHTML(text).replacingAll("|", with: "\\|").replacingAll("\n", with: " ")
  }

  static func escapeHTML(_ text: String) -> String {
    text.replacingAll("&", with: "&amp;").replacingAll("<", with: "&lt;").replacingAll(">", with: "&gt;")
  }
}

extension String {
  fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
    guard contains(target) else { return self }
    var out = ""
    for character in self { if character == target { out += replacement } else { out.append(character) } }
    return out
  }
}
