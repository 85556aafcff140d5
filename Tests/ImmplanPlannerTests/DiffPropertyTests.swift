import ImmplanParser
import ImmplanPlanner
import Testing

/// Hundreds of randomly mutated configurations planned against randomly evolved states: every
/// plan uses only create/replace/destroy/keep (no other action exists), its operation graph is
/// ordered and acyclic, creates wait for their dependencies' creates, and applying it converges
/// (planning again changes nothing).
@Suite struct DiffPropertyTests {
  private struct Random {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
  }

  private func mutate(_ config: inout TestConfig, _ random: inout Random) {
    let groups = ["a", "b", "c", "d"]
    let name = groups[random.next(groups.count)]
    let present = config.blocks.contains { $0.address.description == "image.\(name)" }
    switch random.next(6) {
    case 0:
      if present {
        config.blocks.removeAll { $0.address.name == name }
      } else {
        config.addGroup(name)
      }
    case 1 where present:
      config["image.\(name)"].attributes["provision"] = .value(.list([.string("v\(random.next(5))")]))
    case 2 where present:
      config["launch_template.\(name)"].attributes["instance_type"] = .value(
        .string(["t3.small", "t3.large"][random.next(2)]))
    case 3 where present:
      config["fleet.\(name)"].settings.healthCheck?.timeout = .seconds(Int64(60 * (1 + random.next(20))))
    case 4 where present:
      config["fleet.\(name)"].settings.lifecycle.createBeforeDestroy = random.next(2) == 0
    case 5 where present:
      config["launch_template.\(name)"].attributes["user_data"] = .value(
        .sensitive(.string("secret-\(random.next(3))")))
    default: config.addGroup(name)
    }
  }

  @Test func randomPlansAreWellFormedAndConverge() throws {
    var random = Random(state: 42)
    for _ in 0..<20 {
      var config = TestConfig.group("a")
      var state = converge(config)
      for _ in 0..<15 {
        mutate(&config, &random)
        if Set(config.blocks.map(\.address)).count != config.blocks.count {
          config.blocks = Array(
            Dictionary(config.blocks.map { ($0.address, $0) }, uniquingKeysWith: { a, _ in a }).values)
        }
        let replace = random.next(4) == 0 ? config.blocks.map(\.address.description).sorted().prefix(1).map { $0 } : []
        let outcome = plan(config, state, replace: replace)
        let plan = try #require(outcome.plan, "\(outcome.diagnostics.map(\.message))")
        for change in plan.changes {
          #expect(ChangeAction.allCases.contains(change.change.action))
        }
        var seen: Set<String> = []
        for operation in plan.operations {
          #expect(operation.dependsOn.allSatisfy(seen.contains), "operation \(operation.id) before its dependencies")
          seen.insert(operation.id)
        }
        for change in plan.changes {
          guard let planned = change.planned else { continue }
          let create = plan.operations.first { $0.id == "create \(change.address)" }!
          for dependency in planned.dependencies
          where plan.operations.contains(where: { $0.id == "create \(dependency)" }) {
            #expect(create.dependsOn.contains("create \(dependency)"))
          }
          #expect(planned.name == "immplan-\(change.address.name)-g\(planned.generation)")
          if let old = change.recorded { #expect(planned.generation > old.generation) }
        }
        #expect(
          plan
            == Planner.plan(
              PlanRequest(
                desired: config.desired, state: state, stateDigest: "digest-of-state-\(state.serial)",
                isNewState: state.serial == 0 && state.resources.isEmpty, replaceAddresses: replace)
            ).plan)
        // The plan-file reader's structural checks accept every plan the planner makes.
        #expect(throws: Never.self) { try PlanFile.decode(PlanFile.encode(plan).bytes, path: "plan.json") }
        state = fakeApply(plan, config: config, to: state)
        let again = try #require(ImmplanPlannerTests.plan(config, state).plan)
        #expect(!again.hasChanges, "did not converge: \(again.actionList)")
      }
    }
  }
}
