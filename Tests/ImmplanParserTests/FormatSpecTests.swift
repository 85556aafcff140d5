import ImmplanParser
import TestSupport
import Testing

/// specs/fmt: each `X.hcl` has `X.formatted` (the expected output) or, when it has syntax errors,
/// `X.diagnostics` (the rendered diagnostics, no colour). `IMMPLAN_RECORD=1` rewrites them.
@Suite struct FormatSpecTests {
  static let cases = SpecCase.discover(area: "fmt", inputExtension: "hcl")

  @Test func thereAreCases() {
    #expect(Self.cases.count >= 15)
  }

  @Test(arguments: cases)
  func golden(_ spec: SpecCase) {
    var sources = SourceManager()
    let id = sources.add(path: "\(spec.name).hcl", bytes: spec.readInput())
    let result = Formatter.format(sources[id])
    if let text = result.text {
      Golden.expect(text, matches: spec.path("formatted"))
    } else {
      Golden.expect(
        DiagnosticRenderer.render(result.diagnostics, sources: sources, color: false),
        matches: spec.path("diagnostics"))
    }
  }
}
