import Testing

@testable import ImmplanParser

@Suite struct ResourceKindTests {
  @Test(arguments: ResourceKind.allCases)
  func everyKindIsDescribedCompletely(_ kind: ResourceKind) {
    let traits = kind.traits
    #expect(traits.schema.type == kind.rawValue)
    #expect(traits.schema.labelNames == ["name"])
    #expect(traits.outputs.starts(with: ["id", "name"]))
    #expect(!traits.identityAttributes.isEmpty)
    // Outputs and arguments share one namespace in references (`fleet.web.id`, `fleet.web.min_size`).
    #expect(Set(traits.outputs).isDisjoint(with: traits.identityAttributes.map(\.name)))
    // Every attribute a default comes from is an identity attribute listed before it.
    for (index, attribute) in traits.identityAttributes.enumerated() {
      guard let source = attribute.defaultFrom else { continue }
      #expect(traits.identityAttributes[..<index].contains { $0.name == source })
    }
    #expect(referenceRoots.contains(kind.rawValue))
    #expect(Schema.topLevelTypes.contains(kind.rawValue))
    #expect(traits.naming.allows("immplan-web-g1"))
  }

  @Test func capabilitiesAreThoseOfBriefSection2() {
    #expect(ResourceKind.allCases.filter(\.traits.retainsGenerations) == [.image])
    #expect(ResourceKind.allCases.filter(\.traits.hasContentDigest) == [.image])
    #expect(ResourceKind.allCases.filter(\.traits.hasHealthGate) == [.fleet])
    #expect(ResourceKind.image.traits.demotedStatus == .retained)
    #expect(ResourceKind.fleet.traits.demotedStatus == .deposed)
    #expect(ResourceKind.listText == "`image`, `launch_template` or `fleet`")
  }

  @Test func namingRulesAreTheClouds() {
    let ami = ResourceKind.image.traits.naming
    #expect(ami.allows("web (v1) [x] ./'@_-"))
    #expect(!ami.allows("ab") && !ami.allows(String(repeating: "a", count: 129)) && !ami.allows("a+b"))
    let template = ResourceKind.launchTemplate.traits.naming
    #expect(!template.allows("a b") && template.allows("a.b-c/d_e(f)"))
    #expect(ResourceKind.fleet.traits.naming.allows(String(repeating: "a", count: 255)))
    #expect(!ResourceKind.fleet.traits.naming.allows(String(repeating: "a", count: 256)))
  }
}
