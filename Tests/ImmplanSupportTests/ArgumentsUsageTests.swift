import ImmplanSupport
import Testing

@Suite struct ArgumentsUsageTests {
  @Test func usageLine() {
    let spec = CommandSpec(
      name: "graph", abstract: "Print the dependency graph.",
      flags: [.value("format", "FORMAT", help: "Output format.", allowedValues: ["dot", "mermaid"]), .noColor],
      positionals: [.optional("DIR")])
    #expect(spec.usage() == "usage: immplan graph [DIR] [-format dot|mermaid] [-no-color]")
  }

  @Test func usageWithRepeatablesAndOverride() {
    let spec = CommandSpec(
      name: "apply", abstract: "Apply.",
      flags: [.bool("auto-approve", help: "Skip."), .repeatable("var", "NAME=VALUE", help: "Set.")],
      positionals: [.optional("TARGET")], positionalUsage: "[DIR | PLANFILE]")
    #expect(spec.usage() == "usage: immplan apply [DIR | PLANFILE] [-auto-approve] [-var NAME=VALUE]...")
  }

  @Test func helpAlignsOptions() {
    let spec = CommandSpec(
      name: "fmt", abstract: "Rewrite files in the canonical layout.",
      flags: [.bool("check", help: "Only check."), .repeatable("var", "NAME=VALUE", help: "Set a variable.")],
      positionals: [.repeated("PATH")], discussion: "Exit status 3 when a file needs formatting.")
    let expected = """
      usage: immplan fmt [PATH...] [-check] [-var NAME=VALUE]...

      Rewrite files in the canonical layout.

      Options:
        -check           Only check.
        -var NAME=VALUE  Set a variable. (repeatable)

      Exit status 3 when a file needs formatting.

      """
    #expect(spec.help() == expected)
  }

  @Test(
    arguments: [
      ("validat", ["validate", "version", "graph"], "validate"),
      ("vresion", ["validate", "version"], "version"),
      ("plam", ["plan", "apply"], "plan"),
      ("xyz", ["plan", "apply"], nil),
      ("aply", ["plan", "apply"], "apply"),
    ] as [(String, [String], String?)])
  func suggestions(input: String, candidates: [String], expected: String?) {
    #expect(CommandLineSuggestion.closest(to: input, among: candidates) == expected)
  }
}

@Suite struct ArgumentsExclusiveTests {
  static let show = CommandSpec(
    name: "show", abstract: "Show a plan.",
    flags: [.bool("json", help: "JSON."), .bool("markdown", help: "Markdown."), .noColor],
    positionals: [.optional("PLANFILE")], positionalUsage: "[PLANFILE | DIR]",
    exclusiveFlags: [["json", "markdown"]])

  @Test func usageGroupsExclusiveFlags() {
    #expect(Self.show.usage() == "usage: immplan show [PLANFILE | DIR] [-json | -markdown] [-no-color]")
  }

  @Test func bothIsAnError() {
    #expect(Self.show.parse(["-json", "p", "--markdown"]) == .failure(.conflictingFlags("json", "markdown")))
    #expect(
      ArgumentError.conflictingFlags("json", "markdown").message
        == "flags `-json` and `-markdown` cannot be used together")
  }

  @Test func oneOrAFalseOtherIsFine() {
    guard case .success(.arguments(let parsed)) = Self.show.parse(["-json", "-markdown=false"]) else {
      Issue.record("expected success")
      return
    }
    #expect(parsed.flag("json"))
    #expect(!parsed.flag("markdown"))
  }
}
