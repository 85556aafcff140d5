import Foundation
import TestSupport
import Testing

private let webConfiguration = """
  variable "region" {
    default = "eu-west-1"
  }

  image "web" {
    source    = "ami-123"
    provision = ["install-app 1.5.0"]
  }

  launch_template "web" {
    image         = image.web.id
    instance_type = "t3.small"
  }

  fleet "web" {
    launch_template = launch_template.web.id
    min_size        = 2
    max_size        = 4
  }

  """

@Suite struct ValidateEndToEndTests {
  @Test func validConfiguration() throws {
    let directory = try TemporaryDirectory()
    try directory.write("web.imm.hcl", webConfiguration)
    let result = try BinaryRunner.run(["validate"], in: directory.path)
    #expect(result.status == 0)
    #expect(result.stdout == "The configuration is valid.\n")
    #expect(result.stderr.isEmpty)
  }

  @Test func misspeltAttributeAsInTheBrief() throws {
    let directory = try TemporaryDirectory()
    try directory.write(
      "web.imm.hcl", webConfiguration.replacingOccurrences(of: "instance_type =", with: "instance_typ  ="))
    let result = try BinaryRunner.run(["validate", directory.path + "/"])
    #expect(result.status == 1)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("unknown attribute `instance_typ` in `launch_template`"))
    #expect(result.stderr.contains("web.imm.hcl:12:3\n"))
    #expect(result.stderr.contains("12 |   instance_typ  = \"t3.small\"\n   |   ^^^^^^^^^^^^"))
    #expect(result.stderr.contains("= help: did you mean `instance_type`?"))
    #expect(result.stderr.hasSuffix("error: could not validate: 1 error\n"))
  }

  @Test func jsonOnStdout() throws {
    let directory = try TemporaryDirectory()
    try directory.write("web.imm.hcl", "image \"web\" {\n  sorce = \"x\"\n}\n")
    let result = try BinaryRunner.run(["validate", "-json"], in: directory.path)
    #expect(result.status == 1)
    #expect(result.stderr.isEmpty)
    #expect(result.stdout.hasPrefix("{\n  \"format_version\": \"1.0\",\n  \"valid\": false,"))
    #expect(result.stdout.contains("\"file\": \"web.imm.hcl\""))
    #expect(result.stdout.contains("\"start\": { \"line\": 2, \"column\": 3, \"byte\": 16 }"))
  }

  @Test func flagsAfterTheDirectory() throws {
    let directory = try TemporaryDirectory()
    try directory.write("conf/web.imm.hcl", webConfiguration)
    let result = try BinaryRunner.run(["validate", "conf", "-json"], in: directory.path)
    #expect(result.status == 0)
    #expect(result.stdout.contains("\"valid\": true"))
  }

  @Test func missingDirectory() throws {
    let result = try BinaryRunner.run(["validate", "does-not-exist"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("does-not-exist"))
    #expect(result.stderr.hasSuffix("error: could not validate: 1 error\n"))
  }

  @Test func graphFormats() throws {
    let directory = try TemporaryDirectory()
    try directory.write("web.imm.hcl", webConfiguration)
    let dot = try BinaryRunner.run(["graph"], in: directory.path)
    #expect(dot.status == 0)
    #expect(dot.stdout.hasPrefix("digraph immplan {\n"))
    #expect(dot.stdout.contains("  \"fleet.web\" -> \"launch_template.web\";\n"))
    let mermaid = try BinaryRunner.run(["graph", "-format=mermaid", "."], in: directory.path)
    #expect(mermaid.status == 0)
    #expect(mermaid.stdout.hasPrefix("flowchart RL\n"))
  }
}
