import TestSupport
import Testing

@testable import ImmplanParser

@Suite struct FormatGraphExportTests {
  static func graph() throws -> Graph {
    let configuration = """
      image "web" {
        source = "ami-1"
      }
      image "api" {
        source = "ami-2"
      }
      launch_template "web" {
        image         = image.web.id
        instance_type = "t3.small"
      }
      fleet "web" {
        launch_template = launch_template.web.id
        min_size        = 1
        max_size        = 2
      }
      """
    let result = Frontend.load(
      LoadOptions(directory: "."), fileSystem: InMemoryFileSystem(files: ["main.imm.hcl": configuration]))
    #expect(!result.diagnostics.hasErrors)
    return try #require(result.graph)
  }

  @Test func dot() throws {
    let expected = """
      digraph immplan {
        rankdir = "RL";
        node [shape = box];
        "image.api";
        "image.web";
        "launch_template.web";
        "fleet.web";
        "launch_template.web" -> "image.web";
        "fleet.web" -> "launch_template.web";
      }

      """
    #expect(GraphExport.render(try Self.graph(), as: .dot) == expected)
  }

  @Test func mermaid() throws {
    let expected = """
      flowchart RL
        n0["image.api"]
        n1["image.web"]
        n2["launch_template.web"]
        n3["fleet.web"]
        n2 --> n1
        n3 --> n2

      """
    #expect(GraphExport.render(try Self.graph(), as: .mermaid) == expected)
  }

  @Test func escaping() {
    #expect(GraphExport.dotQuoted("a\"b\\c") == "\"a\\\"b\\\\c\"")
    #expect(GraphExport.mermaidEscaped("a\"<b>") == "a#quot;#lt;b#gt;")
  }
}
