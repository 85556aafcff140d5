// MARK: - Parsing

extension CommandSpec {
  /// The names that ask for help on every command (unless a command declares one of them).
  static let helpFlagNames: Set<String> = ["h", "help"]

  /// Parses `arguments` (without the program and command names). Stops at the first error.
  ///
  /// Rules (Terraform's, BRIEF §7):
  /// - `-name` and `--name` are the same flag; `-name=value` or `-name value` for value flags (the
  ///   next argument is taken as the value even when it starts with `-`, like Go's `flag`).
  /// - Bool flags: `-name` (true) or `-name=true|false` (also `1 0 t f T F TRUE FALSE True False`,
  ///   as Go's `strconv.ParseBool`); a bool flag never consumes the next argument.
  /// - Flags may come before, between or after positionals; `--` ends the flags; a lone `-` is a
  ///   positional (standard input).
  /// - Repeatable flags are kept in the order given; a plain value flag given twice is an error.
  public func parse(_ arguments: [String]) -> Result<ParseOutcome, ArgumentError> {
    var occurrences: [FlagOccurrence] = []
    var positionals: [String] = []
    var index = 0
    var flagsEnded = false
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if flagsEnded || argument == "-" || !argument.hasPrefix("-") {
        positionals.append(argument)
        continue
      }
      if argument == "--" {
        flagsEnded = true
        continue
      }
      var body = Substring(argument.dropFirst())
      if body.hasPrefix("-") { body = body.dropFirst() }
      let name: Substring
      var inlineValue: String?
      if let equals = body.firstIndex(of: "=") {
        name = body[..<equals]
        inlineValue = String(body[body.index(after: equals)...])
      } else {
        name = body
      }
      if name.isEmpty || name.hasPrefix("-") { return .failure(.malformedFlag(argument)) }
      guard let flag = flag(named: String(name)) else {
        if Self.helpFlagNames.contains(String(name)) { return .success(.helpRequested) }
        let candidates = flags.map(\.name)
        return .failure(
          .unknownFlag(argument, suggestion: CommandLineSuggestion.closest(to: String(name), among: candidates)))
      }
      switch flag.kind {
      case .bool:
        let value = inlineValue ?? "true"
        guard let bool = Self.parseBool(value) else { return .failure(.invalidBool(flag: flag.name, value: value)) }
        occurrences.append(FlagOccurrence(name: flag.name, value: bool ? "true" : "false"))
      case .value, .repeatable:
        let value: String
        if let inlineValue {
          value = inlineValue
        } else if index < arguments.count {
          value = arguments[index]
          index += 1
        } else {
          return .failure(.missingValue(flag: flag.name))
        }
        if !flag.allowedValues.isEmpty, !flag.allowedValues.contains(value) {
          let suggestion = CommandLineSuggestion.closest(to: value, among: flag.allowedValues)
          return .failure(
            .invalidValue(flag: flag.name, value: value, allowed: flag.allowedValues, suggestion: suggestion))
        }
        if flag.kind == .value, occurrences.contains(where: { $0.name == flag.name }) {
          return .failure(.repeatedFlag(flag: flag.name))
        }
        occurrences.append(FlagOccurrence(name: flag.name, value: value))
      }
    }
    for group in exclusiveFlags {
      // A bool flag set to false does not count as given.
      let given = group.filter { name in
        occurrences.contains { $0.name == name && (flag(named: name)?.kind != .bool || $0.value == "true") }
      }
      if given.count > 1 { return .failure(.conflictingFlags(given[0], given[1])) }
    }
    return checkPositionals(positionals).map { .arguments(ParsedArguments(occurrences: occurrences, positionals: $0)) }
  }

  private func checkPositionals(_ given: [String]) -> Result<[String], ArgumentError> {
    let acceptsAny = positionals.last?.isRepeatable ?? false
    if !acceptsAny, given.count > positionals.count {
      return .failure(.unexpectedArgument(given[positionals.count]))
    }
    for (index, positional) in positionals.enumerated() where !positional.isOptional && index >= given.count {
      return .failure(.missingArgument(name: positional.name))
    }
    return .success(given)
  }

  /// Go's `strconv.ParseBool`.
  static func parseBool(_ text: String) -> Bool? {
    switch text {
    case "1", "t", "T", "true", "TRUE", "True": true
    case "0", "f", "F", "false", "FALSE", "False": false
    default: nil
    }
  }
}
