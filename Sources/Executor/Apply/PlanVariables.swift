import ImmplanParser
import ImmplanPlanner

/// The variables of a reviewed plan at apply time (BRIEF §3): the plan records every plain value
/// and, for sensitive ones, only a digest. Apply loads the plan's own configuration with the plain
/// values fed back (as a var-file that the user's `-var` and `-var-file` override), so only
/// secrets need supplying again; then every final value must equal the recorded one.
public enum PlanVariables {
  /// The plan's plain variable values as an HCL var-file (`NAME = VALUE` lines, by name).
  /// Sensitive variables are left out: they must come from the user again.
  public static func variableFile(_ plan: Plan) -> String {
    var text = ""
    for variable in plan.variables.sorted(by: { $0.name < $1.name }) where !variable.isSensitive {
      guard let value = variable.value.value, !value.containsUnknown else { continue }
      text += "\(variable.name) = \(expression(value))\n"
    }
    return text
  }

  /// Names of the plan's variables whose final value in `graph` differs from the recorded one
  /// (compared under `key`, so a sensitive value is checked against its digest), sorted.
  public static func differing(plan: Plan, graph: Graph, key: DigestKey) -> [String] {
    let actual = Dictionary(graph.variables.map { ($0.name, $0) }) { first, _ in first }
    var names: [String] = []
    for variable in plan.variables {
      guard let value = actual[variable.name]?.value, RecordedValue(value, key: key) == variable.value else {
        names.append(variable.name)
        continue
      }
    }
    return names.sorted()
  }

  /// `value` as an HCL expression that evaluates back to it.
  static func expression(_ value: Value) -> String {
    switch value {
    case .null, .unknown: return "null"
    case .string(let text): return quoted(text)
    case .number(let number): return number.description
    case .bool(let flag): return flag ? "true" : "false"
    case .duration(let duration): return quoted(duration.description)
    case .list(let items), .set(let items): return "[" + items.map(expression).joined(separator: ", ") + "]"
    case .map(let entries):
      return "{" + entries.keys.sorted().map { "\(quoted($0)) = \(expression(entries[$0]!))" }.joined(separator: ", ")
        + "}"
    case .sensitive(let inner): return expression(inner)
    }
  }

  /// An HCL quoted string: escapes, and `${` / `%{` doubled so no template is evaluated.
  static func quoted(_ text: String) -> String {
    var out = "\""
    var previous: Unicode.Scalar?
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "{" where previous == "$" || previous == "%":
        out.unicodeScalars.append(previous!)
        out += "{"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          let hex = String(scalar.value, radix: 16, uppercase: true)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
      previous = scalar
    }
    return out + "\""
  }
}

/// The file system apply loads a plan's configuration from: the plan's embedded files under
/// ``directory``, the plan's variable file at ``variablePath``, and everything else (the user's
/// `-var-file`s) from `fallback`.
public struct PlanFileSystem: FileSystem {
  public static let directory = "<plan>"
  public static let variablePath = "<plan>/plan-variables.tfvars"
  /// The embedded files by path relative to the configuration directory.
  let files: [String: [UInt8]]
  let fallback: any FileSystem
  /// The configuration directory as `plan` was given it: what ``directory`` stands for when a
  /// file is not embedded (`file()` reads it where apply runs, as state and sim paths are).
  let configurationDirectory: String

  public init(plan: Plan, fallback: any FileSystem) {
    var files: [String: [UInt8]] = [:]
    for file in plan.configuration.files { files[file.path] = Array(file.text.utf8) }
    self.files = files
    self.fallback = fallback
    self.configurationDirectory = plan.configuration.directory
    variableBytes = Array(PlanVariables.variableFile(plan).utf8)
  }

  let variableBytes: [UInt8]

  /// `path` relative to the configuration directory, when it is in ``directory`` (a module
  /// beside the configuration is `<plan>/../shared`).
  private func relative(_ path: String) -> String? {
    let normalized = ConfigurationPath.normalize(path)
    if normalized == Self.directory { return "." }
    guard normalized.hasPrefix(Self.directory + "/") else { return nil }
    return String(normalized.dropFirst(Self.directory.count + 1))
  }

  public func contentsOfDirectory(_ directory: String) throws(FileSystemError) -> [String] {
    guard let relative = relative(directory) else { return try fallback.contentsOfDirectory(directory) }
    let prefix = relative == "." ? "" : relative + "/"
    let names = files.keys.compactMap { path -> String? in
      guard path.hasPrefix(prefix) else { return nil }
      let rest = path.dropFirst(prefix.count)
      return rest.contains("/") ? nil : String(rest)
    }
    if names.isEmpty, relative != "." {
      throw FileSystemError(path: directory, reason: "no such directory in the plan's configuration")
    }
    return names.sorted()
  }

  public func readFile(_ path: String) throws(FileSystemError) -> [UInt8] {
    if path == Self.variablePath { return variableBytes }
    guard let relative = relative(path) else { return try fallback.readFile(path) }
    if let bytes = files[relative] { return bytes }
    // Files the configuration reads with `file()` are not embedded: read them where apply runs.
    return try fallback.readFile(ConfigurationPath.normalize(configurationDirectory + "/" + relative))
  }

  /// Load options for the plan's configuration: its variable file first, then the user's.
  public static func loadOptions(environment: [String: String], assignments: [VariableAssignment]) -> LoadOptions {
    LoadOptions(
      directory: directory, environment: environment, variableAssignments: [.file(variablePath)] + assignments)
  }
}
