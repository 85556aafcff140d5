import Foundation
import ImmplanParser
import TestSupport
import Testing

/// Conformance with HashiCorp's hclsyntax v2.14, case by case (specs/syntax, see specs/README.md).
///
/// Each `CASE.hcl` has a `CASE.oracle` recorded from the real hclsyntax: its verdict and, for valid
/// files, the structure it reads. immplan must agree with both. `CASE.syntax` pins immplan's own
/// tree (with byte ranges) and `CASE.ranges` the code and span of each diagnostic of invalid cases.
@Suite struct SyntaxSpecTests {
  static let cases = SpecCase.discover(area: "syntax", inputExtension: "hcl")

  @Test func corpusIsLarge() {
    #expect(Self.cases.count >= 300)
  }

  @Test(arguments: cases)
  func agreesWithHCL(_ spec: SpecCase) throws {
    let source = SourceFile(id: FileID(0), path: "\(spec.name).hcl", bytes: spec.readInput())
    let result = Parser.parse(source)
    let isValid = !result.diagnostics.hasErrors
    let oracle = try #require(spec.text("oracle"), "missing \(spec.name).oracle")
    let oracleLines = oracle.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    let oracleValid = oracleLines.first == "valid"
    // A `CASE.difference` file documents a deliberate disagreement: the verdict must then differ.
    let isKnownDifference = spec.text("difference") != nil
    if isKnownDifference {
      #expect(isValid != oracleValid, "documented difference no longer differs: remove \(spec.name).difference")
    } else {
      #expect(
        isValid == oracleValid, "hclsyntax says \(oracleLines.first ?? "?"); immplan: \(Self.describe(result, source))")
    }

    if isValid && oracleValid, oracleLines.count > 1 {
      let json = try JSONSerialization.jsonObject(with: Data(oracleLines[1].utf8))
      let expected = Self.structure(ofOracle: try #require(json as? [String: Any]), indent: 0)
      let actual = Self.structure(of: result.file.body, source: source, indent: 0)
      #expect(actual == expected)
    }

    Golden.expect(SyntaxDump.render(result.file, source: source), matches: spec.path("syntax"))
    Golden.expect(isValid ? nil : Self.ranges(result.diagnostics, source), matches: spec.path("ranges"))
  }

  // MARK: - Renderings

  /// `CODE line:col-line:col` per diagnostic, in display order.
  static func ranges(_ diagnostics: [Diagnostic], _ source: SourceFile) -> String {
    diagnostics.sortedForDisplay().map { diagnostic in
      guard let range = diagnostic.primary?.range else { return "\(diagnostic.code)\n" }
      let start = source.lines.location(of: range.start)
      let end = source.lines.location(of: range.end)
      return "\(diagnostic.code) \(start.line):\(start.column)-\(end.line):\(end.column)\n"
    }.joined()
  }

  static func describe(_ result: ParseResult, _ source: SourceFile) -> String {
    result.diagnostics.isEmpty
      ? "valid" : ranges(result.diagnostics, source) + result.diagnostics.map(\.message).joined(separator: "; ")
  }

  /// The comparable structure of immplan's tree: attributes (name, exact expression source)
  /// then blocks (type, labels, body), each in source order, as the oracle lists them.
  static func structure(of body: Body, source: SourceFile, indent: Int) -> String {
    let pad = String(repeating: "  ", count: indent)
    var attributes = ""
    var blocks = ""
    for item in body.items {
      switch item {
      case .attribute(let attribute):
        attributes += "\(pad)attribute \(attribute.name) = \(quote(source.text(attribute.expression.range)))\n"
      case .block(let block):
        blocks += "\(pad)block \(block.type) \(block.labels.map { quote($0.value) })\n"
        blocks += structure(of: block.body, source: source, indent: indent + 1)
      }
    }
    return attributes + blocks
  }

  static func structure(ofOracle body: [String: Any], indent: Int) -> String {
    let pad = String(repeating: "  ", count: indent)
    var text = ""
    for attribute in body["attributes"] as? [[String: Any]] ?? [] {
      text += "\(pad)attribute \(attribute["name"] as? String ?? "?") = \(quote(attribute["expr"] as? String ?? "?"))\n"
    }
    for block in body["blocks"] as? [[String: Any]] ?? [] {
      let labels = (block["labels"] as? [String] ?? []).map { quote($0) }
      text += "\(pad)block \(block["type"] as? String ?? "?") \(labels)\n"
      text += structure(ofOracle: block["body"] as? [String: Any] ?? [:], indent: indent + 1)
    }
    return text
  }

  static func quote(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}
