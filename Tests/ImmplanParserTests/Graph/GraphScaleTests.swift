import Testing

@testable import ImmplanParser

/// Guards against accidental quadratic behaviour in the front end (speed itself is proved by the
/// release-build benchmark, never by a timed test): a few thousand groups must load, in order,
/// with every resource's dependencies.
@Suite struct GraphScaleTests {
  static func groups(_ count: Int) -> String {
    var text = "variable \"env\" {\n  default = \"prod\"\n}\nlocals {\n  tags = { env = var.env }\n}\n"
    for index in 0..<count {
      text += """
        image "app\(index)" {
          source    = "ami-\(index)"
          provision = ["install app\(index)", "echo ${var.env}"]
          tags      = local.tags
        }
        launch_template "app\(index)" {
          image         = image.app\(index).id
          instance_type = "t3.small"
          tags          = local.tags
        }
        fleet "app\(index)" {
          launch_template = launch_template.app\(index).id
          min_size        = 1
          max_size        = 3
          health_check {
            grace_period = "90s"
          }
        }

        """
    }
    return text
  }

  @Test func loadsThousandsOfGroups() throws {
    let result = load(Self.groups(2000))
    #expect(result.diagnostics.isEmpty)
    let graph = try #require(result.graph)
    #expect(graph.resources.count == 6000)
    #expect(graph.resources.first?.address.description == "image.app0")
    let fleet = try #require(graph.resource(ResourceAddress(kind: .fleet, name: "app1999")))
    #expect(fleet.dependencies == [ResourceAddress(kind: .launchTemplate, name: "app1999")])
  }
}
