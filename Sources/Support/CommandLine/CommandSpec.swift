/// The declaration of one subcommand's command line: its flags and positional arguments.
///
/// Parsing follows Terraform's conventions (BRIEF §7): `-flag` or `--flag`, `-flag=value` or
/// `-flag value`, bool flags as `-flag` or `-flag=true|false`, flags before or after positionals,
/// repeatable flags collected in command-line order, `--` ends the flags and a lone `-` is a
/// positional (standard input). `-h`, `-help` and `--help` ask for help on every command.
public struct CommandSpec: Sendable, Hashable {
  /// The full command path after the program name, e.g. `"validate"` or `"state list"`.
  public var name: String
  /// One line: what the command does (shown in the command list and in `help`).
  public var abstract: String
  /// Declared flags, in the order usage and help list them.
  public var flags: [FlagSpec]
  /// Declared positionals; only the last may repeat.
  public var positionals: [PositionalSpec]
  /// Overrides the generated positional part of the usage line (e.g. `"[DIR | PLANFILE]"`).
  public var positionalUsage: String?
  /// Extra paragraphs printed after the options in `help`.
  public var discussion: String
  /// Sets of flags of which at most one may be given (`[["json", "markdown"]]`).
  public var exclusiveFlags: [[String]]

  /// Checks the declaration (unique flag names, only the last positional repeating, exclusive
  /// groups naming declared flags) with preconditions: a bad spec is a programming error.
  public init(
    name: String, abstract: String, flags: [FlagSpec] = [], positionals: [PositionalSpec] = [],
    positionalUsage: String? = nil, discussion: String = "", exclusiveFlags: [[String]] = []
  ) {
    var seen: Set<String> = []
    for flag in flags {
      precondition(seen.insert(flag.name).inserted, "flag -\(flag.name) declared twice in \(name)")
    }
    for (index, positional) in positionals.enumerated() where positional.isRepeatable {
      precondition(index == positionals.count - 1, "only the last positional of \(name) may repeat")
    }
    self.name = name
    self.abstract = abstract
    self.flags = flags
    self.positionals = positionals
    self.positionalUsage = positionalUsage
    self.discussion = discussion
    for group in exclusiveFlags {
      for flagName in group {
        precondition(seen.contains(flagName), "exclusive flag -\(flagName) not declared in \(self.name)")
      }
    }
    self.exclusiveFlags = exclusiveFlags
  }

  /// The flag declared with `name` (without dashes), if any.
  public func flag(named name: String) -> FlagSpec? { flags.first { $0.name == name } }

  /// `usage: immplan validate [DIR] [-json] [-no-color]`.
  public func usage(program: String = "immplan") -> String {
    var parts = ["usage:", program, name]
    let positionalText = positionalUsage ?? positionals.map(\.usage).joined(separator: " ")
    if !positionalText.isEmpty { parts.append(positionalText) }
    // Flags of an exclusive group share one bracket at the place of the first: `[-json | -markdown]`.
    var shown: Set<String> = []
    for flag in flags where !shown.contains(flag.name) {
      if let group = exclusiveFlags.first(where: { $0.contains(flag.name) }) {
        let members = group.compactMap { self.flag(named: $0) }
        members.forEach { shown.insert($0.name) }
        parts.append("[" + members.map { String($0.usage.dropFirst().dropLast()) }.joined(separator: " | ") + "]")
      } else {
        parts.append(flag.usage)
      }
    }
    return parts.joined(separator: " ")
  }

  /// The full `help` text: usage, abstract, options (aligned), discussion.
  public func help(program: String = "immplan") -> String {
    var text = usage(program: program) + "\n\n" + abstract + "\n"
    if !flags.isEmpty {
      text += "\nOptions:\n"
      let columns = flags.map { flag in
        "-" + flag.name + (flag.valueName.map { " " + $0 } ?? "")
      }
      let width = columns.map(\.count).max() ?? 0
      for (flag, column) in zip(flags, columns) {
        let padding = String(repeating: " ", count: width - column.count + 2)
        var line = "  " + column + padding + flag.help
        if flag.kind == .repeatable { line += " (repeatable)" }
        text += line + "\n"
      }
    }
    if !discussion.isEmpty { text += "\n" + discussion + (discussion.hasSuffix("\n") ? "" : "\n") }
    return text
  }
}

/// One flag of a command.
public struct FlagSpec: Sendable, Hashable {
  /// How a flag takes values.
  public enum Kind: Sendable, Hashable {
    /// `-json`, `-json=true`, `-json=false`.
    case bool
    /// `-out FILE` / `-out=FILE`; given twice is an error.
    case value
    /// `-var N=V`, collected every time it is given, in order.
    case repeatable
  }

  /// Without dashes: `"out"`.
  public var name: String
  /// Bool, single value or repeatable.
  public var kind: Kind
  /// Placeholder for the value in usage and help (`FILE`); nil for bool flags.
  public var valueName: String?
  /// One line for `help`.
  public var help: String
  /// When not empty, the only values accepted (e.g. `dot`, `mermaid`).
  public var allowedValues: [String]

  /// Value and repeatable flags need a `valueName`; bool flags have none.
  public init(_ name: String, kind: Kind, valueName: String? = nil, help: String, allowedValues: [String] = []) {
    precondition(!name.hasPrefix("-") && !name.isEmpty, "flag names are declared without dashes")
    precondition((kind == .bool) == (valueName == nil), "-\(name): value flags need a value name, bool flags none")
    self.name = name
    self.kind = kind
    self.valueName = valueName
    self.help = help
    self.allowedValues = allowedValues
  }

  /// `-name` / `-name=true|false`.
  public static func bool(_ name: String, help: String) -> FlagSpec {
    FlagSpec(name, kind: .bool, help: help)
  }

  /// `-name VALUE` / `-name=VALUE`, at most once.
  public static func value(_ name: String, _ valueName: String, help: String, allowedValues: [String] = []) -> FlagSpec
  {
    FlagSpec(name, kind: .value, valueName: valueName, help: help, allowedValues: allowedValues)
  }

  /// `-name VALUE`, any number of times, kept in order.
  public static func repeatable(_ name: String, _ valueName: String, help: String) -> FlagSpec {
    FlagSpec(name, kind: .repeatable, valueName: valueName, help: help)
  }

  /// `-no-color`, shared by every command that prints diagnostics.
  public static let noColor = FlagSpec.bool("no-color", help: "Never use colour in the output.")

  /// `-var NAME=VALUE`, repeatable; applied in command-line order together with `-var-file`.
  public static let variable = FlagSpec.repeatable(
    "var", "NAME=VALUE", help: "Set a variable; with -var-file, later ones win.")

  /// `-var-file FILE`, repeatable; applied in command-line order together with `-var`.
  public static let variableFile = FlagSpec.repeatable(
    "var-file", "FILE", help: "Read variables from FILE; with -var, later ones win.")

  /// `-lock-timeout DURATION`, for every command that takes the state lock.
  public static let lockTimeout = FlagSpec.value(
    "lock-timeout", "DURATION", help: "How long to wait for the state lock (e.g. 30s; default 0s).")

  /// `[-json]`, `[-out FILE]`, `[-var NAME=VALUE]...`.
  public var usage: String {
    switch kind {
    case .bool: "[-\(name)]"
    case .value:
      "[-\(name) \(allowedValues.isEmpty ? valueName ?? "VALUE" : allowedValues.joined(separator: "|"))]"
    case .repeatable: "[-\(name) \(valueName ?? "VALUE")]..."
    }
  }
}

/// One positional argument of a command.
public struct PositionalSpec: Sendable, Hashable {
  /// Upper case, as shown in usage: `DIR`, `PLANFILE`, `ADDR`.
  public var name: String
  /// May be left out.
  public var isOptional: Bool
  /// Takes every remaining positional (only the last positional may repeat).
  public var isRepeatable: Bool

  /// Optional and single by default.
  public init(_ name: String, isOptional: Bool = true, isRepeatable: Bool = false) {
    self.name = name
    self.isOptional = isOptional
    self.isRepeatable = isRepeatable
  }

  /// `[NAME]`.
  public static func optional(_ name: String) -> PositionalSpec { PositionalSpec(name) }
  /// `NAME`.
  public static func required(_ name: String) -> PositionalSpec { PositionalSpec(name, isOptional: false) }
  /// `[NAME...]`: every remaining positional.
  public static func repeated(_ name: String) -> PositionalSpec { PositionalSpec(name, isRepeatable: true) }

  var usage: String {
    let core = isRepeatable ? name + "..." : name
    return isOptional ? "[" + core + "]" : core
  }
}
