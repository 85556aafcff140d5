import ImmplanParser
import ImmplanPlanner

/// Why an apply (or another state-changing command) refused or could not run. Every refusal
/// happens before anything is changed; rendered as one line by `description`.
public enum ApplyError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A provider or state backend cannot be set up (AWS region or credentials…).
  case setup(String)
  /// The plan file cannot be read or is damaged/tampered with.
  case planFile(PlanFileError)
  /// `-expect-checksum` names another plan.
  case unexpectedChecksum(expected: String, actual: String)
  /// The state changed since the plan was made.
  case staleState(reason: String)
  /// No state exists where the plan file's state backend points (resolved against the plan's
  /// configuration directory): the plan was made elsewhere, or the state was moved or deleted.
  case missingState(path: String, lineage: String)
  /// This plan was applied (or interrupted) already.
  case alreadyApplied(checksum: String)
  /// Re-supplied variables do not match the plan.
  case variablesDiffer([String])
  /// The plan's configuration could not be loaded again, or a variable is missing.
  case configuration(String)
  case state(StateError)
  /// The journal or state could not be written during the apply.
  case journal(String)
  /// The operation graph of the plan is invalid (a damaged plan or a bug).
  case invalidPlan(String)

  public var description: String {
    switch self {
    case .setup(let message): message
    case .planFile(let error): "\(error)"
    case .unexpectedChecksum(let expected, let actual):
      "the plan file is not the approved one: its checksum is \(actual), -expect-checksum wants \(expected)"
    case .staleState(let reason):
      "the state has changed since this plan was made (\(reason)); plan again"
    case .missingState(let path, let lineage):
      "there is no state at `\(path)`, and the plan was made for lineage \(lineage); apply the plan where its"
        + " configuration directory is reachable, or plan again"
    case .alreadyApplied(let checksum):
      "this plan (sha256 \(checksum.prefix(12))…) was already applied or interrupted; a plan file is spent once"
        + " applied — plan again"
    case .variablesDiffer(let names):
      "the variables differ from the plan's: "
        + names.map { "`\($0)`" }.joined(separator: ", ")
        + "; supply exactly the values it was planned with (sensitive ones again with -var, -var-file or"
        + " IMMPLAN_VAR_NAME), or plan again"
    case .configuration(let message): message
    case .state(let error): "\(error)"
    case .journal(let message): "cannot record progress: \(message)"
    case .invalidPlan(let message): "the plan cannot be executed: \(message)"
    }
  }

  /// The message for an error that stopped the command before anything changed: "nothing was
  /// changed" said once, before the hint for what to do next.
  public var unchangedDescription: String {
    switch self {
    case .staleState(let reason):
      "the state has changed since this plan was made (\(reason)); nothing was changed — plan again"
    case .missingState(let path, let lineage):
      "there is no state at `\(path)`, and the plan was made for lineage \(lineage); nothing was changed — apply"
        + " the plan where its configuration directory is reachable, or plan again"
    case .alreadyApplied(let checksum):
      "this plan (sha256 \(checksum.prefix(12))…) was already applied or interrupted; nothing was changed — a plan"
        + " file is spent once applied, plan again"
    default: "\(self); nothing was changed"
    }
  }
}
