import Testing

@testable import ImmplanParser

@Suite struct AddressTextTests {
  @Test(arguments: [
    "image.web", "launch_template.web-1", "fleet._x", "fleet.web[0]", "fleet.web[12]", #"fleet.web["a"]"#,
    #"module.svc.fleet.web"#, #"module.svc["api"].module.inner.fleet.this"#, #"module.a[3].image.b["k"]"#,
    #"fleet.web["a \"quoted\" \\ key"]"#, #"fleet.web["tab\there\nnewline"]"#, #"fleet.web["$${literal}"]"#,
    #"fleet.web["%%{directive}"]"#, #"fleet.web["ünïcödé"]"#, #"fleet.web[""]"#, #"fleet.web["\u0001"]"#,
  ])
  func printsWhatItParses(_ text: String) throws {
    let address = try #require(ResourceAddress(parsing: text))
    #expect(address.description == text)
    #expect(ResourceAddress(parsing: address.description) == address)
  }

  @Test func rootAddressesPrintAsBefore() {
    let address = ResourceAddress(kind: .launchTemplate, name: "web")
    #expect(address.description == "launch_template.web")
    #expect(address.module.isRoot && address.key == nil)
    #expect(address.configuration.description == "launch_template.web")
  }

  @Test func partsAreRead() throws {
    let address = try #require(ResourceAddress(parsing: #"module.svc["api"].module.inner[0].fleet.this["x"]"#))
    #expect(
      address.module.steps == [
        ModuleInstanceStep(name: "svc", key: .string("api")), ModuleInstanceStep(name: "inner", key: .integer(0)),
      ])
    #expect(address.kind == .fleet && address.name == "this" && address.key == .string("x"))
    #expect(address.configuration.description == "module.svc.module.inner.fleet.this")
  }

  @Test(arguments: [
    "", "image", "image.", ".web", "image.web.id", "vm.web", "image.1web", "image.a b", "fleet.web[]", "fleet.web[-1]",
    "fleet.web[01]", "fleet.web[a]", #"fleet.web["a"#, #"fleet.web["${x}"]"#, #"fleet.web["%{x}"]"#,
    #"fleet.web["\q"]"#, "fleet.web[0][1]", "fleet.web[0].x", "module.a", "module.a.", "module.fleet.web",
    "module.a[0]fleet.web", "fleet.web[99999999999999999999999]", "fleet.web[\"a\nb\"]",
  ])
  func rejectsWhatIsNotAnAddress(_ text: String) {
    #expect(ResourceAddress(parsing: text) == nil)
  }

  @Test func argumentsMayUseBareKeys() {
    #expect(ResourceAddress(parsingArgument: "fleet.web[a]")?.description == #"fleet.web["a"]"#)
    #expect(ResourceAddress(parsingArgument: "module.m[x].fleet.web")?.description == #"module.m["x"].fleet.web"#)
    #expect(ResourceAddress(parsingArgument: "fleet.web[0]")?.key == .integer(0))
    #expect(ResourceAddress(parsing: "fleet.web[a]") == nil)
  }

  @Test func moduleInstancePathsParseAlone() {
    #expect(AddressText.parseModuleInstance(#"module.a["x"].module.b"#)?.description == #"module.a["x"].module.b"#)
    #expect(AddressText.parseModuleInstance("fleet.web") == nil)
    #expect(AddressText.parseModuleInstance("module.a.fleet.web") == nil)
  }

  @Test func orderIsModuleKindNameKey() throws {
    let texts = [
      #"module.b.image.a"#, "fleet.web[1]", #"fleet.web["a"]"#, "image.web", "fleet.web", "fleet.web[10]",
      #"module.a["y"].fleet.x"#, "fleet.web-2", "launch_template.web", "module.a[2].fleet.x", "module.a.fleet.x",
    ]
    let sorted = try texts.map { try #require(ResourceAddress(parsing: $0)) }.sorted().map(\.description)
    #expect(
      sorted == [
        "fleet.web", "fleet.web[1]", "fleet.web[10]", #"fleet.web["a"]"#, "fleet.web-2", "image.web",
        "launch_template.web", "module.a.fleet.x", "module.a[2].fleet.x", #"module.a["y"].fleet.x"#,
        "module.b.image.a",
      ])
  }

  @Test func rootAddressesWithoutKeysSortAsTheirText() throws {
    let names = ["web", "web-2", "a", "Z", "web_1", "ü"]
    let addresses = ResourceKind.allCases.flatMap { kind in names.map { ResourceAddress(kind: kind, name: $0) } }
    #expect(addresses.sorted().map(\.description) == addresses.map(\.description).sorted())
  }

  @Test func equalAddressesHashAlike() {
    let a = ResourceAddress(
      module: ModuleInstancePath([ModuleInstanceStep(name: "m", key: .integer(1))]), kind: .fleet, name: "w",
      key: .string("k"))
    let b = ResourceAddress(parsing: #"module.m[1].fleet.w["k"]"#)!
    #expect(a == b && a.hashValue == b.hashValue)
    #expect(a != a.withKey(.string("l")) && a != a.withKey(nil))
    #expect(Set([a, b, a.withKey(nil)]).count == 2)
  }
}

@Suite struct AddressTargetTests {
  @Test func targetsNameModulesResourcesAndInstances() throws {
    let module = try #require(AddressTarget(parsing: #"module.a["x"]"#))
    let call = try #require(AddressTarget(parsing: "module.a"))
    let resource = try #require(AddressTarget(parsing: "module.a.fleet.web"))
    let instance = try #require(AddressTarget(parsing: #"fleet.web[0]"#))
    #expect(module.description == #"module.a["x"]"# && call.description == "module.a")
    let inside = try #require(ResourceAddress(parsing: #"module.a["x"].module.b.fleet.web[2]"#))
    #expect(module.contains(inside) && call.contains(inside))
    #expect(!(try #require(AddressTarget(parsing: #"module.a["y"]"#))).contains(inside))
    #expect(resource.contains(try #require(ResourceAddress(parsing: #"module.a.fleet.web["k"]"#))))
    #expect(!resource.contains(try #require(ResourceAddress(parsing: #"module.a["x"].fleet.web"#))))
    #expect(instance.contains(ResourceAddress(kind: .fleet, name: "web", key: .integer(0))))
    #expect(!instance.contains(ResourceAddress(kind: .fleet, name: "web")))
    #expect(AddressTarget(parsing: "fleet") == nil && AddressTarget(parsing: "") == nil)
    #expect(AddressTarget(parsing: "module.a[x]", allowsBareKeys: true)?.description == #"module.a["x"]"#)
  }
}
