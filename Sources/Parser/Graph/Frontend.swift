import ImmplanSupport

/// File access for the front end, injected so this module stays free of Foundation.
public protocol FileSystem: Sendable {
  /// Names (not paths) of the entries of `directory`, in any order.
  func contentsOfDirectory(_ directory: String) throws(FileSystemError) -> [String]
  func readFile(_ path: String) throws(FileSystemError) -> [UInt8]
}

public struct FileSystemError: Error, Sendable, Hashable {
  public var path: String
  /// Lowercase, e.g. "no such file or directory".
  public var reason: String
  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }
}

/// A `-var NAME=VALUE` or `-var-file FILE` from the command line, kept in command-line order.
public enum VariableAssignment: Sendable, Hashable {
  case argument(String)
  case file(String)
}

public struct LoadOptions: Sendable {
  /// The configuration directory; every `*.imm.hcl` in it is read in name order.
  public var directory: String
  /// The process environment (`IMMPLAN_VAR_NAME` variables are read from it).
  public var environment: [String: String]
  public var variableAssignments: [VariableAssignment]
  /// Whether the graph keeps the resource arguments evaluated at load time for the planner's
  /// later evaluations. `validate` needs only the diagnostics and sets it false; the graph and
  /// its diagnostics are the same either way, only later evaluations recompute more.
  public var keepsLoadTimeValues: Bool
  /// How widely the load runs in parallel (parsing, binding, reference checks, evaluation). The
  /// result is the same at every width.
  public var parallelism: Parallel
  /// Whether a root variable without any value is an error (`plan`, `apply`). `validate` and the
  /// commands that read only the state set it false: such a variable is then unknown, as
  /// `terraform validate` treats it.
  public var requiresVariableValues: Bool
  public init(
    directory: String, environment: [String: String] = [:], variableAssignments: [VariableAssignment] = [],
    keepsLoadTimeValues: Bool = true, parallelism: Parallel = .default, requiresVariableValues: Bool = true
  ) {
    self.requiresVariableValues = requiresVariableValues
    self.directory = directory
    self.environment = environment
    self.variableAssignments = variableAssignments
    self.keepsLoadTimeValues = keepsLoadTimeValues
    self.parallelism = parallelism
  }
}

public struct LoadResult: Sendable {
  public var sources: SourceManager
  public var files: [SyntaxFile]
  /// nil when any error was reported.
  public var graph: Graph?
  /// Every diagnostic of the run (errors and warnings), unsorted.
  public var diagnostics: [Diagnostic]
  public init(sources: SourceManager, files: [SyntaxFile], graph: Graph?, diagnostics: [Diagnostic]) {
    self.sources = sources
    self.files = files
    self.graph = graph
    self.diagnostics = diagnostics
  }
}

/// Computed outputs of one resource as the planner knows them when it evaluates a dependant:
/// recorded values for a kept resource; `.unknown` for `id`/`name`/`arn` of one being created or
/// replaced (its `digest` is known at plan time unless an identity input is unknown).
public typealias ResourceOutputs = [String: Value]

/// The identity attributes of one resource, evaluated and converted to the schema's types, with
/// defaults applied (BRIEF §2's identity attributes: everything but the settings).
public struct IdentityEvaluation: Sendable {
  public var attributes: [String: Value]
  public var diagnostics: [Diagnostic]
  public init(attributes: [String: Value], diagnostics: [Diagnostic]) {
    self.attributes = attributes
    self.diagnostics = diagnostics
  }
}
