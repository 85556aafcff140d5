import ImmplanParser
import ImmplanPlanner
import Testing

@Suite struct RenderTests {
  @Test func cascadeTextReadsLikeTheBrief() throws {
    var config = TestConfig.group("web")
    config.addGroup("batch")
    config.addGroup("api")
    config["fleet.web"].settings.healthCheck?.gracePeriod = .seconds(90)
    let state = converge(config)
    var changed = TestConfig.group("web", provision: ["install-app 1.5.0"])
    changed["fleet.web"].settings.healthCheck?.gracePeriod = .seconds(90)
    changed.addGroup("api")
    changed["fleet.api"].settings.healthCheck?.timeout = .seconds(900)
    changed.add("image.tools", ["source": .value(.string("debian-12"))])
    let plan = try #require(plan(changed, state).plan)
    let text = PlanTextRenderer().render(plan)
    #expect(
      text == """
        immplan will perform these actions (state serial 1, lineage 5f0c…):

          ~ fleet.api              settings updated (health_check.timeout: 10m → 15m), no cloud change
        -/+ image.web              replace immplan-web-g1 → immplan-web-g2 (create before destroy)
              provision[0]: "install-app 1.0" → "install-app 1.5.0"
              immplan-web-g1 is kept as a retained generation for rollback
        -/+ launch_template.web    replace immplan-web-g1 → immplan-web-g2 (create before destroy)
              because image.web is replaced (its id, digest change)
              image: "id-immplan-web-g1" → (known after apply)
        -/+ fleet.web              replace immplan-web-g1 → immplan-web-g2 (create before destroy)
              because launch_template.web is replaced (its id changes)
              launch_template: "id-immplan-web-g1" → (known after apply)
              blue/green: immplan-web-g2 must be healthy (ec2, grace 1m30s, timeout 10m) before immplan-web-g1 is destroyed
          + image.tools            create → immplan-tools-g1
          - fleet.batch            destroy immplan-batch-g1, removed from configuration
          - image.batch            destroy immplan-batch-g1, removed from configuration
          - launch_template.batch  destroy immplan-batch-g1, removed from configuration

        Plan: 1 to create, 3 to replace, 3 to destroy, 1 settings update.

        """)
  }

  @Test func noChangesSaysSo() throws {
    let config = TestConfig.group("web")
    let plan = try #require(plan(config, converge(config)).plan)
    #expect(
      PlanTextRenderer().render(plan)
        == "No changes. The infrastructure matches the configuration (3 objects unchanged).\n")
    #expect(PlanMarkdownRenderer().render(plan).contains("**No changes.**"))
  }

  @Test func colourOnlyWhenAsked() throws {
    let plan = try #require(plan(.group("web"), emptyState()).plan)
    #expect(!PlanTextRenderer(color: false).render(plan).contains("\u{1B}["))
    #expect(PlanTextRenderer(color: true).render(plan).contains("\u{1B}[32m"))
  }

  @Test func secretsNeverPrinted() throws {
    var config = TestConfig.group("web")
    config["launch_template.web"].attributes["user_data"] = .value(.sensitive(.string("hunter2-top-secret")))
    let state = converge(config)
    config["launch_template.web"].attributes["user_data"] = .value(.sensitive(.string("hunter3-top-secret")))
    let variables = [
      VariableValue(
        name: "pw", type: .string, value: .sensitive(.string("hunter3-top-secret")), isSensitive: true, description: nil
      )
    ]
    let plan = try #require(plan(config, state, variables: variables).plan)
    for format in [PlanRenderFormat.text(color: false), .text(color: true), .json, .markdown] {
      let output = PlanRenderer.render(plan, as: format)
      #expect(!output.contains("hunter"), "secret leaked in \(format)")
      #expect(!output.utf8.elementsEqual([]))
    }
    #expect(PlanRenderer.render(plan, as: .text(color: false)).contains("user_data: (sensitive) → (sensitive)"))
  }

  @Test func markdownStartsWithSummaryAndCollapsesDetails() throws {
    let plan = try #require(plan(.group("web"), emptyState()).plan)
    let markdown = PlanMarkdownRenderer().render(plan, checksum: "9d41")
    #expect(markdown.hasPrefix("### immplan plan\n\n**Plan: 3 to create, 0 to replace, 0 to destroy.**"))
    #expect(markdown.contains("<details><summary>Full plan</summary>"))
    #expect(markdown.contains("| ➕ | `image.web` | create | immplan-web-g1 |"))
  }

  @Test func markdownStaysUnderTheLimitFor100kResources() throws {
    var config = TestConfig()
    for index in 0..<33_334 { config.addGroup("g\(index)") }
    let plan = try #require(plan(config, emptyState()).plan)
    #expect(plan.changes.count == 100_002)
    let markdown = PlanMarkdownRenderer().render(plan)
    #expect(markdown.count < PlanMarkdownRenderer.limit)
    #expect(markdown.contains("… and 99802 more changes"))
    #expect(markdown.contains("more lines left out"))
  }

  @Test func savedLineNamesTheChecksum() {
    #expect(
      PlanRenderer.savedLine(path: "plan.json", checksum: "9d41")
        == "Saved to plan.json (sha256 9d41). Apply it with: immplan apply -expect-checksum 9d41 plan.json")
  }
}
