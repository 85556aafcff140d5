import Foundation
import ImmplanParser
import ImmplanPlanner
import TestSupport
import Testing

/// BRIEF §8's plan budget, measured (not asserted) when `IMMPLAN_BENCH=1`, in a release build:
/// `IMMPLAN_BENCH=1 swift test -c release --filter PlanBenchmarkTests`. Prints the figures.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["IMMPLAN_BENCH"] == "1"))
struct PlanBenchmarkTests {
  private func configuration(groups: Int, changedEvery: Int?) -> [UInt8] {
    var text = ""
    for index in 0..<groups {
      let version = changedEvery.map { index % $0 == 0 } == true ? "2.0.0" : "1.0.0"
      text += """
        image "g\(index)" {
          source    = "debian-12"
          provision = ["apt-get install -y nginx", "install-app \(version)"]
          tags      = { team = "platform", group = "g\(index)" }
        }

        launch_template "g\(index)" {
          image         = image.g\(index).id
          instance_type = "t3.small"
          user_data     = "#!/bin/sh\\necho hello from g\(index)\\n"
          tags          = { team = "platform" }
        }

        fleet "g\(index)" {
          launch_template = launch_template.g\(index).id
          min_size        = 2
          max_size        = 4
          zones           = ["eu-west-1a", "eu-west-1b"]
          health_check {
            grace_period = "90s"
          }
        }


        """
    }
    return Array(text.utf8)
  }

  private func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }

  @Test(arguments: [1_000, 33_334])
  func planAgainstMatchingState(groups: Int) throws {
    let source = configuration(groups: groups, changedEvery: nil)
    let options = LoadOptions(directory: "config")
    let loaded = Frontend.load(options, fileSystem: InMemoryFileSystem(bytes: ["config/main.imm.hcl": source]))
    let graph = try #require(loaded.graph)
    var state = State(lineage: "bench", digestKey: DigestKey(bytes: Array(repeating: 1, count: 32)))
    let first = Planner.plan(
      PlanRequest(
        graph: graph, sources: loaded.sources, state: state, stateDigest: "", isNewState: true, mode: .normal,
        replaceAddresses: [])
    ).plan!
    state = simulateApply(first, desired: DesiredResource.all(in: graph), to: state)
    let stateBytes = state.canonicalBytes

    for (label, changedEvery) in [("unchanged", nil), ("1% images changed", 100)] as [(String, Int?)] {
      let text = configuration(groups: groups, changedEvery: changedEvery)
      let files = InMemoryFileSystem(bytes: ["config/main.imm.hcl": text])
      var load = Frontend.load(options, fileSystem: files)
      let loadTime = seconds { load = Frontend.load(options, fileSystem: files) }
      var readState = state
      let stateTime = seconds { readState = try! State(decoding: stateBytes, path: "bench.state.json") }
      var digest = ""
      let digestTime = seconds { digest = readState.stateDigest }
      var plan: Plan?
      let planTime = seconds {
        plan =
          Planner.plan(
            PlanRequest(
              graph: load.graph!, sources: load.sources, state: readState, stateDigest: digest, isNewState: false,
              mode: .normal, replaceAddresses: [])
          ).plan
      }
      var bytes: [UInt8] = []
      let fileTime = seconds { bytes = PlanFile.encode(plan!).bytes }
      print(
        "plan bench \(groups) groups (\(groups * 3) resources), \(label): load \(loadTime)s, state read \(stateTime)s, "
          + "state digest \(digestTime)s, diff \(planTime)s, plan file \(fileTime)s (\(bytes.count) bytes), total "
          + "\(loadTime + stateTime + digestTime + planTime + fileTime)s; changes \(plan!.changes.count)")
    }
  }
}
