import ImmplanParser

/// The planner's entry point: diff the desired graph against the recorded state into a ``Plan``.
public enum Planner {
  /// Plans `request`. Pure and deterministic: the same request gives an equal plan (and so the
  /// same plan-file bytes). User-fixable problems (`prevent_destroy`, an unknown `-replace`
  /// address, evaluation errors) come back as diagnostics with `plan == nil`.
  public static func plan(_ request: PlanRequest) -> PlanOutcome {
    var differ = Differ(request: request)
    return differ.run()
  }
}
