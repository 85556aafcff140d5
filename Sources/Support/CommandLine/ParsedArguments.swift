/// The outcome of parsing one command line against a ``CommandSpec``.
public enum ParseOutcome: Sendable, Hashable {
  case arguments(ParsedArguments)
  /// `-h`, `-help` or `--help` was given: print ``CommandSpec/help(program:)`` and exit 0.
  case helpRequested
}

/// One flag as given on the command line. Bool flags carry `"true"` or `"false"`.
public struct FlagOccurrence: Sendable, Hashable {
  /// The declared name, without dashes, whichever form was typed.
  public var name: String
  /// The value as given (`"true"`/`"false"` for bool flags).
  public var value: String
  /// One occurrence.
  public init(name: String, value: String) {
    self.name = name
    self.value = value
  }
}

/// Flags and positionals of a successfully parsed command line, in command-line order.
///
/// Values are already checked against the spec (bools are `true`/`false`, allowed values hold,
/// value flags given at most once), so the accessors cannot fail.
public struct ParsedArguments: Sendable, Hashable {
  /// Every flag in the order given, including each repetition.
  public var occurrences: [FlagOccurrence]
  /// Positional arguments in order (`-` and everything after `--` included).
  public var positionals: [String]

  /// Normally built by ``CommandSpec/parse(_:)``; public for tests.
  public init(occurrences: [FlagOccurrence] = [], positionals: [String] = []) {
    self.occurrences = occurrences
    self.positionals = positionals
  }

  /// A bool flag's value (the last one given); false when absent.
  public func flag(_ name: String) -> Bool {
    occurrences.last { $0.name == name }?.value == "true"
  }

  /// True when the flag was given at all (in any form).
  public func isPresent(_ name: String) -> Bool {
    occurrences.contains { $0.name == name }
  }

  /// A value flag's value; nil when absent.
  public func value(_ name: String) -> String? {
    occurrences.last { $0.name == name }?.value
  }

  /// Every value of a repeatable flag, in order.
  public func values(_ name: String) -> [String] {
    occurrences.filter { $0.name == name }.map(\.value)
  }

  /// The occurrences of any of `names`, interleaved in command-line order (for `-var` and
  /// `-var-file`, whose relative order decides precedence).
  public func occurrences(of names: Set<String>) -> [FlagOccurrence] {
    occurrences.filter { names.contains($0.name) }
  }

  /// The positional at `index`, if given.
  public func positional(_ index: Int) -> String? {
    index < positionals.count ? positionals[index] : nil
  }
}
