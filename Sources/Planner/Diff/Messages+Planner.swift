import ImmplanParser
import ImmplanSupport

// Planner codes: E11xx errors, W11xx warnings (E10xx/W10xx belong to state storage).
extension Diagnostic {
  /// E1103: a dependency's planned outputs were needed before it was planned (a graph bug).
  static func dependencyNotPlanned(_ address: ResourceAddress, dependency: ResourceAddress) -> Diagnostic {
    .error(
      DiagnosticCode("E1103"), "`\(address)` depends on `\(dependency)`, which is not planned before it", at: nil,
      notes: ["the configuration's resources must come in topological order"])
  }

  /// W1101: a fleet replaced destroy-before-create cannot be rolled back.
  static func noRollbackPossible(_ address: ResourceAddress, oldName: String, range: SourceRange?) -> Diagnostic {
    .warning(
      DiagnosticCode("W1101"),
      "`\(address)` is replaced destroy-before-create (`create_before_destroy = false`): no rollback possible",
      at: range, notes: ["`\(oldName)` is destroyed before its replacement is healthy"],
      help: "remove `create_before_destroy = false` for a blue/green replacement")
  }

  /// W1103: objects whose creation was never confirmed; apply adopts or removes them first.
  static func pendingObjects(_ keys: [String]) -> Diagnostic {
    .warning(
      DiagnosticCode("W1103"),
      "the state has objects whose creation was not confirmed: \(keys.joined(separator: ", "))",
      at: nil, notes: ["apply finds them by their planned names and adopts or removes them"])
  }

  /// E1101: `prevent_destroy` forbids this plan.
  static func preventDestroy(
    _ address: ResourceAddress, name: String, action: String, range: SourceRange?
  ) -> Diagnostic {
    .error(
      DiagnosticCode("E1101"), "`\(address)` (`\(name)`) has `prevent_destroy` set, but this plan would \(action) it",
      at: range, label: "prevent_destroy",
      notes: ["`prevent_destroy` is recorded in the state, so it holds even after the block is removed"],
      help: "set `prevent_destroy = false` and apply that settings change first, then plan again")
  }

  /// W1102: the state was rolled back; applying rolls forward again.
  static func rollingForward(fromVersion version: Int) -> Diagnostic {
    .warning(
      DiagnosticCode("W1102"),
      "the state was rolled back from version \(version): applying this plan rolls forward again", at: nil)
  }

  /// E1102: `-replace ADDRESS` names nothing in the configuration.
  static func unknownReplaceAddress(_ text: String, candidates: [String]) -> Diagnostic {
    let suggestion = closestName(text, candidates)
    return .error(
      DiagnosticCode("E1102"), "`-replace \(text)`: no resource `\(text)` in the configuration", at: nil,
      help: suggestion.map { "did you mean `\($0)`?" })
  }
}

private func closestName(_ text: String, _ candidates: [String]) -> String? {
  closestMatch(to: text, among: candidates)
}
