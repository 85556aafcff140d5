// Modules, repetition (`count`, `for_each`, `enabled`) and provider configurations: E08xx. One
// factory per code, sorted by name.

extension DiagnosticCode {
  static let conflictingRepetition = DiagnosticCode("E0801")
  static let invalidForEach = DiagnosticCode("E0802")
  static let invalidCount = DiagnosticCode("E0803")
  static let unknownInstanceKeys = DiagnosticCode("E0804")
  static let invalidModuleSource = DiagnosticCode("E0805")
  static let missingModuleDirectory = DiagnosticCode("E0806")
  static let moduleCycle = DiagnosticCode("E0807")
  static let moduleTooDeep = DiagnosticCode("E0808")
  static let blockNotAllowedInModule = DiagnosticCode("E0809")
  static let undeclaredModuleInput = DiagnosticCode("E0810")
  static let missingModuleInput = DiagnosticCode("E0811")
  static let undeclaredModuleCall = DiagnosticCode("E0812")
  static let undeclaredModuleOutput = DiagnosticCode("E0813")
  static let repetitionOutsideRepeatedBlock = DiagnosticCode("E0814")
  static let missingInstanceKey = DiagnosticCode("E0815")
  static let noSuchInstance = DiagnosticCode("E0816")
  static let undeclaredProviderConfiguration = DiagnosticCode("E0817")
  static let invalidProviderReference = DiagnosticCode("E0818")
  static let tooManyInstances = DiagnosticCode("E0819")
  static let invalidEnabled = DiagnosticCode("E0820")
}

extension Diagnostic {
  static func blockNotAllowedInModule(_ type: String, module: String, at range: SourceRange) -> Diagnostic {
    .error(
      .blockNotAllowedInModule, "a `\(type)` block is not allowed in a module (`\(module)`)", at: range,
      label: "declared in a module",
      help: type == "provider"
        ? "declare provider configurations in the root module and pass them with `providers = { … }`"
        : "declare the state backend in the root module")
  }

  static func conflictingRepetition(_ first: String, _ second: String, at range: SourceRange, other: SourceRange)
    -> Diagnostic
  {
    Diagnostic(
      .error, .conflictingRepetition, "`\(first)` and `\(second)` cannot be used together",
      primary: DiagnosticLabel(range, "`\(second)` here"), secondary: [DiagnosticLabel(other, "`\(first)` here")],
      help: "keep one of them: `for_each` keys instances by name, `count` by position, `enabled` gives zero or one")
  }

  static func invalidCount(_ reason: String, at range: SourceRange) -> Diagnostic {
    .error(.invalidCount, "invalid `count` argument: \(reason)", at: range, label: "the count")
  }

  static func invalidEnabled(_ reason: String, at range: SourceRange) -> Diagnostic {
    .error(.invalidEnabled, "invalid `enabled` argument: \(reason)", at: range, label: "the condition")
  }

  static func invalidForEach(_ reason: String, at range: SourceRange, help: String? = nil) -> Diagnostic {
    .error(.invalidForEach, "invalid `for_each` argument: \(reason)", at: range, label: "the collection", help: help)
  }

  static func invalidModuleSource(_ source: String?, at range: SourceRange) -> Diagnostic {
    if let source {
      return .error(
        .invalidModuleSource, "module source \(quoted(source)) is not a local directory", at: range,
        label: "a registry or remote source",
        help: "immplan loads modules from local directories only: write a path starting with `./` or `../`")
    }
    return .error(
      .invalidModuleSource, "a module's `source` must be a literal string", at: range, label: "not a literal",
      help: "write the directory as a quoted path such as `\"./modules/web\"`")
  }

  static func invalidProviderReference(_ what: String, at range: SourceRange) -> Diagnostic {
    .error(
      .invalidProviderReference, "\(what) must name a provider configuration", at: range,
      label: "not a provider configuration", help: "write `TYPE` or `TYPE.ALIAS`, for example `aws.eu`")
  }

  static func missingInstanceKey(_ resource: String, repetition: String, at range: SourceRange) -> Diagnostic {
    .error(
      .missingInstanceKey, "`\(resource)` uses `\(repetition)`: name one of its instances", at: range,
      label: "the whole resource",
      help: repetition == "count"
        ? "write `\(resource)[INDEX]`, or `\(resource)[*]` for all of them"
        : "write `\(resource)[KEY]`, or `values(\(resource))` for all of them")
  }

  static func missingModuleDirectory(_ path: String, reason: String, at range: SourceRange) -> Diagnostic {
    .error(
      .missingModuleDirectory, "cannot read module directory `\(path)`: \(reason)", at: range,
      label: "the module's source")
  }

  static func missingModuleInput(_ name: String, module: String, at range: SourceRange) -> Diagnostic {
    .error(
      .missingModuleInput, "module `\(module)` needs a value for its variable `\(name)`", at: range,
      label: "no `\(name) = …` here", help: "add `\(name) = …` to the module block, or give the variable a default")
  }

  static func moduleCycle(_ chain: [String], at range: SourceRange) -> Diagnostic {
    .error(
      .moduleCycle, "module cycle: \(chain.joined(separator: " -> "))", at: range,
      label: "this call loads a module that is already being loaded",
      help: "a module cannot call itself, directly or through other modules")
  }

  static func moduleTooDeep(limit: Int, at range: SourceRange) -> Diagnostic {
    .error(
      .moduleTooDeep, "modules are nested more than \(limit) deep", at: range, label: "one level too many",
      help: "flatten the module tree")
  }

  static func noSuchInstance(_ address: String, available: [String], at range: SourceRange) -> Diagnostic {
    .error(.noSuchInstance, "`\(address)` does not exist", at: range, label: "no such instance")
      .withHelp(
        available.isEmpty
          ? "the resource has no instances"
          : "its instances are " + available.prefix(5).map { "`\($0)`" }.joined(separator: ", ")
            + (available.count > 5 ? ", …" : ""))
  }

  static func repetitionOutsideRepeatedBlock(_ reference: String, needs: String, at range: SourceRange)
    -> Diagnostic
  {
    .error(
      .repetitionOutsideRepeatedBlock, "`\(reference)` is only available in a block with `\(needs)`", at: range,
      label: "not inside a block with `\(needs)`")
  }

  static func tooManyInstances(_ count: Int, limit: Int, at range: SourceRange) -> Diagnostic {
    .error(
      .tooManyInstances, "\(count) instances is more than a block may have (\(limit))", at: range,
      label: "too many instances")
  }

  static func undeclaredModuleCall(_ name: String, candidates: [String], at range: SourceRange) -> Diagnostic {
    .error(.undeclaredModuleCall, "no module call named `\(name)`", at: range, label: "not declared")
      .withHelp(closestName(to: name, in: candidates).map { "did you mean `module.\($0)`?" })
  }

  static func undeclaredModuleInput(_ name: String, module: String, candidates: [String], at range: SourceRange)
    -> Diagnostic
  {
    .error(
      .undeclaredModuleInput, "module `\(module)` has no variable `\(name)`", at: range,
      label: "not a variable of the module"
    ).withHelp(closestName(to: name, in: candidates).map { "did you mean `\($0)`?" })
  }

  static func undeclaredModuleOutput(_ name: String, module: String, candidates: [String], at range: SourceRange)
    -> Diagnostic
  {
    .error(
      .undeclaredModuleOutput, "module `\(module)` has no output `\(name)`", at: range,
      label: "not an output of the module"
    ).withHelp(closestName(to: name, in: candidates).map { "did you mean `\($0)`?" })
  }

  static func undeclaredProviderConfiguration(_ address: String, available: [String], at range: SourceRange)
    -> Diagnostic
  {
    .error(
      .undeclaredProviderConfiguration, "provider configuration `\(address)` is not declared", at: range,
      label: "no such provider configuration"
    ).withHelp(
      closestName(to: address, in: available).map { "did you mean `\($0)`?" }
        ?? "declare it with `provider \"\(address.split(separator: ".").first ?? "")\" { alias = … }`")
  }

  static func unknownInstanceKeys(_ what: String, because reference: String?, at range: SourceRange) -> Diagnostic {
    .error(
      .unknownInstanceKeys,
      "the instances of \(what) must be known when planning, but "
        + (reference.map { "`\($0)` is known only after apply" } ?? "they depend on values known only after apply"),
      at: range, label: "keys not known when planning",
      help: "build the keys from variables, locals and literals; values known only after apply may be the map's values")
  }
}
