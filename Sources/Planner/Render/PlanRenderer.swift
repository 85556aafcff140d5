import ImmplanParser

/// The renderings `plan` and `show` share, chosen by flag (`-json`, `-markdown`, default text).
public enum PlanRenderFormat: Sendable, Hashable {
  case text(color: Bool)
  /// The plan file's content, exactly as `-out` writes it.
  case json
  case markdown
}

public enum PlanRenderer {
  /// Renders `plan`; `checksum` (of its plan file) is shown by the markdown form when given.
  public static func render(_ plan: Plan, as format: PlanRenderFormat, checksum: String? = nil) -> String {
    switch format {
    case .text(let color): PlanTextRenderer(color: color).render(plan)
    case .json: String(decoding: PlanFile.encode(plan).bytes, as: UTF8.self)
    case .markdown: PlanMarkdownRenderer().render(plan, checksum: checksum)
    }
  }

  /// `Saved to plan.json (sha256 9d41…). Apply it with: immplan apply -expect-checksum 9d41… plan.json`
  public static func savedLine(path: String, checksum: String) -> String {
    "Saved to \(path) (sha256 \(checksum)). Apply it with: immplan apply -expect-checksum \(checksum) \(path)"
  }
}
