// Schema and binder: E03xx. One factory per code, sorted by name.

extension DiagnosticCode {
  static let unknownBlockType = DiagnosticCode("E0301")
  static let unknownAttribute = DiagnosticCode("E0302")
  static let wrongLabelCount = DiagnosticCode("E0303")
  static let missingRequiredAttribute = DiagnosticCode("E0304")
  static let duplicateDeclaration = DiagnosticCode("E0305")
  static let duplicateBlock = DiagnosticCode("E0306")
  static let blockWhereAttributeExpected = DiagnosticCode("E0307")
  static let attributeWhereBlockExpected = DiagnosticCode("E0308")
  static let unknownBlockLabel = DiagnosticCode("E0309")
  static let invalidName = DiagnosticCode("E0310")
  static let undeclaredVariable = DiagnosticCode("E0311")
  static let undeclaredLocal = DiagnosticCode("E0312")
  static let undeclaredResource = DiagnosticCode("E0313")
  static let unknownResourceAttribute = DiagnosticCode("E0314")
  static let invalidReference = DiagnosticCode("E0315")
  static let dependencyCycle = DiagnosticCode("E0316")
  static let invalidCapacity = DiagnosticCode("E0317")
  static let invalidEnumValue = DiagnosticCode("E0318")
  static let invalidReplaceTrigger = DiagnosticCode("E0319")
  static let missingRequiredBlock = DiagnosticCode("E0320")
}

extension Diagnostic {
  static func attributeWhereBlockExpected(_ name: String, in container: String, at range: SourceRange) -> Diagnostic {
    .error(
      .attributeWhereBlockExpected, "`\(name)` is a block, not an attribute, in `\(container)`", at: range,
      label: "written as an attribute", help: "write it as a block: `\(name) { … }`")
  }

  static func blockWhereAttributeExpected(_ name: String, in container: String, at range: SourceRange) -> Diagnostic {
    .error(
      .blockWhereAttributeExpected, "`\(name)` is an attribute, not a block, in `\(container)`", at: range,
      label: "written as a block", help: "write it as an attribute: `\(name) = …`")
  }

  static func dependencyCycle(_ path: [String], at range: SourceRange) -> Diagnostic {
    .error(
      .dependencyCycle, "dependency cycle: \(path.joined(separator: " -> "))", at: range,
      label: "this reference closes the cycle",
      help: "break the cycle by removing one of these references")
  }

  static func duplicateBlock(_ type: String, at range: SourceRange, previous: SourceRange) -> Diagnostic {
    Diagnostic(
      .error, .duplicateBlock, "duplicate `\(type)` block", primary: DiagnosticLabel(range, "defined again here"),
      secondary: [DiagnosticLabel(previous, "first defined here")], help: "merge the two blocks into one")
  }

  static func duplicateDeclaration(_ what: String, at range: SourceRange, previous: SourceRange) -> Diagnostic {
    Diagnostic(
      .error, .duplicateDeclaration, "duplicate declaration of \(what)",
      primary: DiagnosticLabel(range, "declared again here"),
      secondary: [DiagnosticLabel(previous, "first declared here")], help: "rename or remove one of them")
  }

  static func invalidCapacity(_ message: String, at range: SourceRange, related: [DiagnosticLabel] = []) -> Diagnostic {
    Diagnostic(
      .error, .invalidCapacity, message, primary: DiagnosticLabel(range, "out of range"), secondary: related,
      help: "fleet sizes must satisfy `min_size <= desired_capacity <= max_size`")
  }

  static func invalidEnumValue(_ name: String, value: String, allowed: [String], at range: SourceRange) -> Diagnostic {
    let suggestion = closestName(to: value, in: allowed)
    let list = allowed.map { quoted($0) }.joined(separator: ", ")
    return .error(
      .invalidEnumValue, "invalid value \(quoted(value)) for `\(name)`", at: range, label: "expected one of \(list)",
      help: suggestion.map { "did you mean \(quoted($0))?" })
  }

  static func invalidName(_ what: String, _ name: String, at range: SourceRange) -> Diagnostic {
    .error(
      .invalidName, "invalid \(what) name \(quoted(name))", at: range, label: "not a valid name",
      help: "a name starts with a letter or `_` and contains only letters, digits, `_` and `-`")
  }

  static func invalidReference(_ message: String, at range: SourceRange, help: String? = nil) -> Diagnostic {
    .error(.invalidReference, message, at: range, label: "invalid reference", help: help)
  }

  static func invalidReplaceTrigger(at range: SourceRange) -> Diagnostic {
    .error(
      .invalidReplaceTrigger, "`replace_triggered_by` entries must be resource references", at: range,
      label: "not a reference", help: "write `image.NAME` or `image.NAME.ATTRIBUTE`")
  }

  static func missingRequiredAttribute(_ name: String, in container: String, at range: SourceRange) -> Diagnostic {
    .error(
      .missingRequiredAttribute, "missing required attribute `\(name)` in `\(container)`", at: range,
      label: "`\(name)` is required here", help: "add `\(name) = …`")
  }

  static func missingRequiredBlock(_ name: String, in container: String, at range: SourceRange) -> Diagnostic {
    .error(
      .missingRequiredBlock, "missing required block `\(name)` in `\(container)`", at: range,
      label: "`\(name)` is required here", help: "add `\(name) { … }`")
  }

  static func undeclaredLocal(_ name: String, candidates: [String], at range: SourceRange) -> Diagnostic {
    let suggestion = closestName(to: name, in: candidates)
    return .error(
      .undeclaredLocal, "reference to undeclared local value `\(name)`", at: range, label: "not declared",
      help: suggestion.map { "did you mean `local.\($0)`?" } ?? "declare it in a `locals` block")
  }

  static func undeclaredResource(_ address: String, candidates: [String], at range: SourceRange) -> Diagnostic {
    let suggestion = closestName(to: address, in: candidates)
    return .error(
      .undeclaredResource, "reference to undeclared resource `\(address)`", at: range, label: "not declared",
      help: suggestion.map { "did you mean `\($0)`?" })
  }

  static func undeclaredVariable(_ name: String, candidates: [String], at range: SourceRange) -> Diagnostic {
    let suggestion = closestName(to: name, in: candidates)
    return .error(
      .undeclaredVariable, "reference to undeclared variable `\(name)`", at: range, label: "not declared",
      help: suggestion.map { "did you mean `var.\($0)`?" } ?? "declare it with a `variable \"\(name)\"` block")
  }

  /// `container` nil: an attribute at the top level of a file, where only blocks are allowed.
  static func unknownAttribute(_ name: String, in container: String?, candidates: [String], at range: SourceRange)
    -> Diagnostic
  {
    guard let container else {
      return .error(
        .unknownAttribute, "unexpected attribute `\(name)` at the top level", at: range, label: "not inside a block",
        help: "attributes belong inside a block; declare values in `locals { \(name) = … }`")
    }
    let suggestion = closestName(to: name, in: candidates)
    return .error(
      .unknownAttribute, "unknown attribute `\(name)` in `\(container)`", at: range,
      label: "not an attribute of `\(container)`", help: suggestion.map { "did you mean `\($0)`?" })
  }

  static func unknownBlockLabel(_ type: String, label: String, allowed: [String], at range: SourceRange) -> Diagnostic {
    let suggestion = closestName(to: label, in: allowed)
    let list = allowed.map { quoted($0) }.joined(separator: " or ")
    return .error(
      .unknownBlockLabel, "unknown \(type) type \(quoted(label))", at: range, label: "expected \(list)",
      help: suggestion.map { "did you mean \(quoted($0))?" })
  }

  static func unknownBlockType(_ type: String, in container: String?, candidates: [String], at range: SourceRange)
    -> Diagnostic
  {
    let suggestion = closestName(to: type, in: candidates)
    let place = container.map { " in `\($0)`" } ?? ""
    return .error(
      .unknownBlockType, "unknown block type `\(type)`\(place)", at: range, label: "not a block of the schema",
      help: suggestion.map { "did you mean `\($0)`?" }
        ?? "top-level blocks are \(candidates.map { "`\($0)`" }.joined(separator: ", "))")
  }

  static func unknownResourceAttribute(
    _ name: String, of address: String, candidates: [String], at range: SourceRange
  ) -> Diagnostic {
    let suggestion = closestName(to: name, in: candidates)
    return .error(
      .unknownResourceAttribute, "`\(address)` has no attribute `\(name)`", at: range, label: "unknown attribute",
      help: suggestion.map { "did you mean `\($0)`?" }
        ?? "available: \(candidates.sorted().map { "`\($0)`" }.joined(separator: ", "))")
  }

  static func wrongLabelCount(_ type: String, expected: [String], got: Int, at range: SourceRange) -> Diagnostic {
    let message: String
    let help: String
    if expected.isEmpty {
      message = "`\(type)` blocks take no labels, found \(got)"
      help = "write `\(type) { … }`"
    } else {
      message =
        "`\(type)` blocks take \(expected.count) label\(expected.count == 1 ? "" : "s") (\(expected.joined(separator: ", "))), found \(got)"
      help = "write `\(type) \(expected.map { "\"\($0.uppercased())\"" }.joined(separator: " ")) { … }`"
    }
    return .error(.wrongLabelCount, message, at: range, label: "wrong number of labels", help: help)
  }
}
