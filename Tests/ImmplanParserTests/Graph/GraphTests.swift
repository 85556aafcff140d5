import Testing

@testable import ImmplanParser

@Suite struct GraphTests {
  static let group = """
    variable "env" {
      type    = string
      default = "prod"
    }

    locals {
      base = "ami-123"
    }

    image "web" {
      source    = local.base
      provision = ["apt-get install nginx", "echo ${var.env}"]
      files     = { "/etc/motd" = "hello" }
    }

    launch_template "web" {
      image         = image.web.id
      instance_type = "t3.small"
    }

    fleet "web" {
      launch_template = launch_template.web.id
      min_size        = 2
      max_size        = 4
      health_check {
        grace_period = "90s"
      }
    }

    output "fleet" {
      value = fleet.web.name
    }
    """

  @Test func loadsAGroupInTopologicalOrder() throws {
    let result = load(Self.group)
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    let graph = try #require(result.graph)
    #expect(graph.resources.map(\.address.description) == ["image.web", "launch_template.web", "fleet.web"])
    #expect(graph.resources[2].dependencies.map(\.description) == ["launch_template.web"])
    let fleet = graph.resources[2]
    #expect(fleet.settings.healthCheck?.gracePeriod == .seconds(90))
    #expect(fleet.settings.healthCheck?.timeout == .seconds(600))
    #expect(graph.outputs.first?.dependencies.map(\.description) == ["fleet.web"])
  }

  /// `attributeRange(_:)` answers as the `attributeRanges` table does, top-level and nested,
  /// and a table set by hand replaces the block's.
  @Test func attributeRangeMatchesTheTable() throws {
    let graph = try #require(
      load(
        Self.group
          + "\nfleet \"b\" {\n  launch_template = launch_template.web.id\n  min_size = 1\n  max_size = 1\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n"
      ).graph)
    for resource in graph.resources {
      let table = resource.attributeRanges
      #expect(!table.isEmpty)
      for (name, range) in table { #expect(resource.attributeRange(name) == range, "\(resource.address) \(name)") }
      #expect(resource.attributeRange("no_such") == nil)
      #expect(resource.attributeRange("health_check.no_such") == nil)
    }
    let fleet = try #require(graph.resource(ResourceAddress(kind: .fleet, name: "b")))
    #expect(fleet.attributeRange("lifecycle.prevent_destroy") != nil)
    #expect(fleet.attributeRange("lifecycle.prevent_destroy") == fleet.attributeRanges["lifecycle.prevent_destroy"])
    var changed = fleet
    changed.attributeRanges = ["min_size": fleet.range]
    #expect(changed.attributeRanges == ["min_size": fleet.range])
    #expect(changed.attributeRange("min_size") == fleet.range)
    #expect(changed.attributeRange("max_size") == nil)
  }

  /// `resource(_:)` finds every resource by address, also after the caller reorders them, and
  /// nothing for an address not in the graph.
  @Test func resourceLookupByAddress() throws {
    var graph = try #require(load(Self.group).graph)
    for resource in graph.resources { #expect(graph.resource(resource.address)?.address == resource.address) }
    #expect(graph.resource(ResourceAddress(kind: .image, name: "nope")) == nil)
    graph.resources.reverse()
    for resource in graph.resources { #expect(graph.resource(resource.address)?.address == resource.address) }
    graph.resources.removeFirst()
    #expect(graph.resource(ResourceAddress(kind: .fleet, name: "web")) == nil)
    #expect(graph.resource(ResourceAddress(kind: .image, name: "web"))?.address.description == "image.web")
  }

  @Test func identityAppliesDefaultsAndUsesPlannerOutputs() throws {
    let graph = try #require(load(Self.group).graph)
    let image = graph.evaluateIdentity(of: ResourceAddress(parsing: "image.web")!) { _ in nil }
    #expect(image.attributes["instance_type"] == .s("t3.small"))
    #expect(image.attributes["tags"] == .map([:]))
    #expect(image.attributes["provision"] == .list([.s("apt-get install nginx"), .s("echo prod")]))
    let template = graph.evaluateIdentity(of: ResourceAddress(parsing: "launch_template.web")!) { address in
      address.description == "image.web" ? ["id": .s("ami-999")] : nil
    }
    #expect(template.attributes["image"] == .s("ami-999"))
    #expect(template.attributes["user_data"] == .null)
    let fleet = graph.evaluateIdentity(of: ResourceAddress(parsing: "fleet.web")!) { _ in nil }
    #expect(fleet.attributes["desired_capacity"] == .n(2))
    #expect(fleet.attributes["launch_template"] == .unknown)
    #expect(imageDigest(identity: image.attributes) != nil)
    let (output, _) = graph.evaluateOutput(named: "fleet") { _ in ["name": .s("immplan-web-g1")] }
    #expect(output == .s("immplan-web-g1"))
  }

  @Test func misspeltAttributeSuggestsTheRightOne() {
    let result = load(
      """
      launch_template "web" {
        image        = "ami-1"
        instance_typ = "t3.small"
      }
      """)
    #expect(result.graph == nil)
    #expect(result.codes == ["E0302"])
    #expect(result.diagnostics.first { $0.code.rawValue == "E0302" }?.help == "did you mean `instance_type`?")
    #expect(result.spans.first == "instance_typ")
  }

  @Test func wrongTypeHasTheExactSpan() {
    let result = load(
      """
      fleet "web" {
        launch_template = "lt"
        min_size        = "two"
        max_size        = 2
      }
      """)
    #expect(result.codes == ["E0401"])
    #expect(result.spans == ["\"two\""])
  }

  @Test func cyclesAreReportedOnceWithTheirPath() {
    let result = load(
      """
      locals {
        a = local.b
        b = local.a
      }
      """)
    #expect(result.codes == ["E0316"])
    #expect(result.diagnostics.first?.message == "dependency cycle: local.a -> local.b -> local.a")
  }

  @Test func variablePrecedence() throws {
    let config = """
      variable "size" {
        type    = number
        default = 1
      }
      variable "name" {
        type = string
      }
      """
    let result = load(
      config, extraFiles: ["vars.hcl": "size = 3\n"], environment: ["IMMPLAN_VAR_size": "2", "IMMPLAN_VAR_name": "x"],
      assignments: [.argument("size=4"), .file("vars.hcl")])
    let graph = try #require(result.graph, "\(result.diagnostics)")
    #expect(graph.variables.map(\.value) == [.s("x"), .n(3)])
    let missing = load(config)
    #expect(missing.codes == ["E0603"])
    let undeclared = load(config, assignments: [.argument("nam=1"), .argument("name=a")])
    #expect(undeclared.codes == ["E0604"])
    #expect(undeclared.diagnostics.first?.help == "did you mean `name`?")
  }
}
