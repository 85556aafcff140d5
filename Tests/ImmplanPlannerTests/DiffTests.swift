import ImmplanParser
import ImmplanPlanner
import Testing

@Suite struct DiffTests {
  /// The message for a resource planned otherwise than a test expects: what it expected and
  /// what the plan holds.
  private func unexpected(_ address: String, in plan: Plan, expected: String) -> Comment {
    "\(address): expected a \(expected), found \(plan.change(address).map { "\($0)" } ?? "no change")"
  }

  @Test func freshConfigurationCreatesEverythingWithFirstGeneration() throws {
    let outcome = plan(.group("web"), emptyState())
    let plan = try #require(outcome.plan)
    #expect(plan.actionList == ["create image.web", "create launch_template.web", "create fleet.web"])
    #expect(plan.changes.compactMap(\.planned?.name) == ["immplan-web-g1", "immplan-web-g1", "immplan-web-g1"])
    guard case .create(let template)? = plan.change("launch_template.web") else {
      Issue.record(unexpected("launch_template.web", in: plan, expected: "create"))
      return
    }
    #expect(template.identity["image"] == .unknown)
    #expect(template.outputs["name"] == .string("immplan-web-g1"))
    #expect(template.outputs["id"] == .unknown)
    guard case .create(let image)? = plan.change("image.web") else {
      Issue.record(unexpected("image.web", in: plan, expected: "create"))
      return
    }
    #expect(image.digest != nil && image.outputs["digest"] == .string(image.digest!))
    #expect(plan.prior.isNew)
  }

  @Test func unchangedConfigurationIsAValidPlanWithNoChanges() throws {
    let config = TestConfig.group("web")
    let state = converge(config)
    let plan = try #require(plan(config, state).plan)
    #expect(!plan.hasChanges)
    #expect(plan.unchangedCount == 3)
    #expect(plan.operations.isEmpty)
  }

  @Test func imageChangeCascadesWithRootCauseReasons() throws {
    let state = converge(.group("web"))
    let plan = try #require(plan(.group("web", provision: ["install-app 1.5"]), state).plan)
    #expect(plan.actionList == ["replace image.web", "replace launch_template.web", "replace fleet.web"])
    guard case .replace(let old, let new, .createBeforeDestroy, .retain, let reasons)? = plan.change("image.web") else {
      Issue.record("image not replaced create-before-destroy with retention")
      return
    }
    #expect(old.name == "immplan-web-g1" && new.name == "immplan-web-g2")
    #expect(
      reasons == [
        .attributeChanged(
          AttributeChange(path: "provision[0]", before: .string("install-app 1.0"), after: .string("install-app 1.5")))
      ])
    guard case .replace(_, _, _, .destroy, let templateReasons)? = plan.change("launch_template.web") else {
      Issue.record(unexpected("launch_template.web", in: plan, expected: "replace that destroys the old template"))
      return
    }
    #expect(
      templateReasons.first
        == .dependencyReplaced(ResourceAddress(kind: .image, name: "web"), outputs: ["id", "name", "digest"]))
    #expect(
      templateReasons.contains(
        .attributeChanged(AttributeChange(path: "image", before: .string("id-immplan-web-g1"), after: .unknown))))
    guard case .replace(_, _, _, _, let fleetReasons)? = plan.change("fleet.web") else {
      Issue.record(unexpected("fleet.web", in: plan, expected: "replace"))
      return
    }
    #expect(
      fleetReasons.first
        == .dependencyReplaced(ResourceAddress(kind: .launchTemplate, name: "web"), outputs: ["id", "name"]))
  }

  @Test func instanceTypeChangeReplacesTemplateAndFleetOnly() throws {
    let state = converge(.group("web"))
    let plan = try #require(plan(.group("web", instanceType: "t3.large"), state).plan)
    #expect(plan.actionList == ["replace launch_template.web", "replace fleet.web"])
    guard case .replace(_, _, _, _, let reasons)? = plan.change("launch_template.web") else {
      Issue.record(unexpected("launch_template.web", in: plan, expected: "replace"))
      return
    }
    #expect(
      reasons == [
        .attributeChanged(
          AttributeChange(path: "instance_type", before: .string("t3.small"), after: .string("t3.large")))
      ])
    #expect(plan.unchangedCount == 1)
  }

  @Test func settingsOnlyChangeIsKeptWithoutCloudOperation() throws {
    let state = converge(.group("web"))
    var config = TestConfig.group("web")
    config["fleet.web"].settings.healthCheck?.timeout = .seconds(900)
    let plan = try #require(plan(config, state).plan)
    #expect(plan.actionList == ["keep fleet.web"])
    guard case .keep(_, let settings)? = plan.change("fleet.web") else {
      Issue.record(unexpected("fleet.web", in: plan, expected: "keep"))
      return
    }
    #expect(
      settings == [
        AttributeChange(path: "health_check.timeout", before: .duration(.seconds(600)), after: .duration(.seconds(900)))
      ])
    #expect(plan.operations.map(\.id) == ["settings fleet.web"])
    #expect(plan.operations.allSatisfy { $0.action == .recordSettings })
  }

  @Test func removedBlockIsDestroyedAfterItsDependants() throws {
    var config = TestConfig.group("web")
    config.addGroup("batch")
    let state = converge(config)
    let plan = try #require(plan(.group("web"), state).plan)
    #expect(plan.actionList == ["destroy fleet.batch", "destroy image.batch", "destroy launch_template.batch"])
    #expect(
      plan.operations.map(\.id) == [
        "destroy fleet.batch#g1", "destroy launch_template.batch#g1", "destroy image.batch#g1",
      ])
    let template = plan.operations.first { $0.id == "destroy launch_template.batch#g1" }!
    #expect(template.dependsOn == ["destroy fleet.batch#g1"])
  }

  @Test func destroyModeDestroysEverythingInReverseDependencyOrder() throws {
    let config = TestConfig.group("web")
    let state = converge(config)
    let plan = try #require(plan(config, state, mode: .destroy).plan)
    #expect(plan.summary.destroy == 3)
    #expect(
      plan.operations.map(\.id) == ["destroy fleet.web#g1", "destroy launch_template.web#g1", "destroy image.web#g1"])
  }

  @Test func preventDestroyRecordedInStateBlocksRemoval() throws {
    var config = TestConfig.group("web")
    config["fleet.web"].settings.lifecycle.preventDestroy = true
    let state = converge(config)
    let outcome = plan(TestConfig(), state)
    #expect(outcome.plan == nil)
    let error = try #require(outcome.diagnostics.first { $0.isError })
    #expect(error.code == DiagnosticCode("E1101"))
    #expect(error.message.contains("`fleet.web` (`immplan-web-g1`)"))
    #expect(plan(config, state, mode: .destroy).plan == nil)
    config["fleet.web"].settings.lifecycle.preventDestroy = false
    var lifted = plan(config, state).plan
    #expect(lifted?.actionList == ["keep fleet.web"])
    let unprotected = fakeApply(lifted!, config: config, to: state)
    lifted = plan(TestConfig(), unprotected).plan
    #expect(lifted?.summary.destroy == 3)
  }

  @Test func preventDestroyBlocksReplacement() throws {
    var config = TestConfig.group("web")
    config["launch_template.web"].settings.lifecycle.preventDestroy = true
    let state = converge(config)
    var changed = TestConfig.group("web", provision: ["other"])
    changed["launch_template.web"].settings.lifecycle.preventDestroy = true
    let outcome = plan(changed, state)
    #expect(outcome.plan == nil)
    #expect(outcome.diagnostics.contains { $0.message.contains("would replace it") })
  }

  @Test func replaceRequestForcesANewObjectThatIsNeverReused() throws {
    let config = TestConfig.group("web")
    let state = converge(config)
    let plan = try #require(plan(config, state, replace: ["image.web"]).plan)
    guard case .replace(_, let new, _, _, let reasons)? = plan.change("image.web") else {
      Issue.record(unexpected("image.web", in: plan, expected: "replace"))
      return
    }
    #expect(reasons == [.requested])
    #expect(new.name == "immplan-web-g2")
    #expect(!new.mayReuseExisting)
    #expect(plan.summary.replace == 3)
  }

  @Test func replaceOfUnknownAddressIsAnError() {
    let outcome = plan(.group("web"), emptyState(), replace: ["fleet.wbe"])
    #expect(outcome.plan == nil)
    #expect(outcome.diagnostics.first?.code == DiagnosticCode("E1102"))
    #expect(outcome.diagnostics.first?.help == "did you mean `fleet.web`?")
  }

  @Test func replaceTriggeredByFires() throws {
    var config = TestConfig.group("web")
    config.add("image.sidecar", ["source": .value(.string("alpine"))])
    config["fleet.web"].settings.lifecycle.replaceTriggeredBy = [
      ReplaceTrigger(
        address: ResourceAddress(kind: .image, name: "sidecar"), attribute: nil,
        range: SourceRange(file: FileID(0), start: 0, end: 0))
    ]
    let state = converge(config)
    config["image.sidecar"].attributes["source"] = .value(.string("alpine-3.20"))
    let plan = try #require(plan(config, state).plan)
    #expect(plan.actionList == ["replace image.sidecar", "replace fleet.web"])
    guard case .replace(_, let new, _, _, let reasons)? = plan.change("fleet.web") else {
      Issue.record(unexpected("fleet.web", in: plan, expected: "replace"))
      return
    }
    #expect(reasons == [.triggered(by: "image.sidecar")])
    #expect(!new.mayReuseExisting)
  }

  @Test func createBeforeDestroyOrdersTheCascade() throws {
    let state = converge(.group("web"))
    let plan = try #require(plan(.group("web", provision: ["v2"]), state).plan)
    let ids = plan.operations.map(\.id)
    #expect(
      ids == [
        "create image.web", "create launch_template.web", "create fleet.web", "destroy fleet.web#g1",
        "destroy launch_template.web#g1",
      ])
    let dependsOn = Dictionary(uniqueKeysWithValues: plan.operations.map { ($0.id, $0.dependsOn) })
    #expect(dependsOn["destroy fleet.web#g1"] == ["create fleet.web"])
    #expect(
      dependsOn["destroy launch_template.web#g1"] == [
        "create fleet.web", "create launch_template.web", "destroy fleet.web#g1",
      ])
  }

  @Test func fleetWithoutCreateBeforeDestroyWarnsAndDestroysFirst() throws {
    var config = TestConfig.group("web")
    config["fleet.web"].settings.lifecycle.createBeforeDestroy = false
    let state = converge(config)
    var changed = TestConfig.group("web", instanceType: "t3.large")
    changed["fleet.web"].settings.lifecycle.createBeforeDestroy = false
    let outcome = plan(changed, state)
    let plan = try #require(outcome.plan)
    #expect(outcome.diagnostics.contains { $0.code == DiagnosticCode("W1101") })
    #expect(plan.warnings.contains { $0.code == DiagnosticCode("W1101") })
    let create = plan.operations.first { $0.id == "create fleet.web" }!
    #expect(create.dependsOn.contains("destroy fleet.web#g1"))
  }

  @Test func createBeforeDestroySpreadsToDependencies() throws {
    var config = TestConfig.group("web")
    config["launch_template.web"].settings.lifecycle.createBeforeDestroy = false
    let state = converge(config)
    var changed = TestConfig.group("web", instanceType: "t3.large")
    changed["launch_template.web"].settings.lifecycle.createBeforeDestroy = false
    let plan = try #require(plan(changed, state).plan)
    guard case .replace(_, _, let order, _, _)? = plan.change("launch_template.web") else {
      Issue.record(unexpected("launch_template.web", in: plan, expected: "replace"))
      return
    }
    #expect(order == .createBeforeDestroy)
  }

  @Test func retainedImagesPastRetentionAreDestroyedAfterTheirTemplates() throws {
    var config = TestConfig.group("web")
    var state = converge(config)
    for version in 2...3 {
      config = TestConfig.group("web", provision: ["v\(version)"])
      state = converge(config, from: state)
    }
    #expect(
      state.resources[ResourceAddress(kind: .image, name: "web")]!.generations.map(\.record.generation) == [1, 2])
    let plan = try #require(plan(TestConfig.group("web", provision: ["v4"]), state).plan)
    // retain = 2: g3 joins g2 as a retained generation, g1 goes.
    #expect(plan.actionList.prefix(2) == ["replace image.web", "destroy image.web#g1"])
    #expect(!plan.actionList.contains("destroy image.web#g2"))
    #expect(!plan.operations.contains { $0.id == "destroy image.web#g3" })
  }

  @Test func rolledBackStateWarnsAtTheTop() throws {
    var state = converge(.group("web"))
    state.rolledBackFrom = 4
    let plan = try #require(plan(.group("web", provision: ["v2"]), state).plan)
    #expect(plan.warnings.first?.code == DiagnosticCode("W1102"))
    #expect(plan.warnings.first?.message.contains("rolled back from version 4") == true)
  }

  @Test func planningTwiceGivesEqualPlans() throws {
    var config = TestConfig.group("web")
    config.addGroup("api")
    let state = converge(config)
    var changed = TestConfig.group("web", provision: ["v9"])
    changed.addGroup("api", instanceType: "t3.micro")
    #expect(plan(changed, state).plan == plan(changed, state).plan)
  }

  @Test func sensitiveIdentityIsComparedByDigest() throws {
    var config = TestConfig.group("web")
    config["launch_template.web"].attributes["user_data"] = .value(.sensitive(.string("hunter2-secret")))
    let state = converge(config)
    #expect(plan(config, state).plan?.hasChanges == false)
    config["launch_template.web"].attributes["user_data"] = .value(.sensitive(.string("hunter3-secret")))
    let plan = try #require(plan(config, state).plan)
    guard case .replace(_, _, _, _, let reasons)? = plan.change("launch_template.web"),
      case .attributeChanged(let change) = reasons.first
    else {
      Issue.record(unexpected("launch_template.web", in: plan, expected: "replace for a changed attribute"))
      return
    }
    guard case .sensitiveDigest? = change.before, case .sensitiveDigest? = change.after else {
      Issue.record("sensitive values must appear only as digests")
      return
    }
  }
}
