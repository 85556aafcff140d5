import Foundation
import TestSupport
import Testing

/// `apply PLANFILE` from another working directory: the plan file records its configuration
/// directory, state and sim paths resolve against it, and a refused apply creates nothing.
@Suite struct PlanFileDirectoryTests {
  typealias F = ApplyFixture

  private static func contents(_ path: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
  }

  @Test func absoluteConfigurationDirectoryAppliesFromAnyWorkingDirectory() throws {
    let root = try TemporaryDirectory()
    try root.write("config/main.imm.hcl", F.configuration())
    try FileManager.default.createDirectory(atPath: root.path + "/planned-here", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: root.path + "/applied-here", withIntermediateDirectories: true)
    let config = root.path + "/config"
    let plan = try F.run(["plan", config, "-out", root.path + "/plan.json"], in: root.path + "/planned-here")
    #expect(plan.status == 0, "\(plan.stderr)")
    #expect(try root.read("plan.json").contains("\"directory\": \"\(config)\""))

    let apply = try F.run(["apply", root.path + "/plan.json"], in: root.path + "/applied-here")
    #expect(apply.status == 0, "\(apply.stderr)")
    #expect(apply.stdout.contains("Apply complete: 3 created"))
    #expect(F.simObjects(config).count == 3)
    #expect(F.simObjects(config) == F.stateObjects(config))
    #expect(Self.contents(root.path + "/planned-here") == [])
    #expect(Self.contents(root.path + "/applied-here") == [])
  }

  @Test func relativeDirectoryResolvesAgainstTheWorkingDirectoryAndARefusalCreatesNothing() throws {
    let root = try TemporaryDirectory()
    try root.write("config/main.imm.hcl", F.configuration())
    try FileManager.default.createDirectory(atPath: root.path + "/elsewhere", withIntermediateDirectories: true)
    #expect(try F.run(["plan", "config", "-out", "plan.json"], in: root.path).status == 0)
    let before = F.snapshot(root.path + "/config")

    let refused = try F.run(["apply", "../plan.json"], in: root.path + "/elsewhere")
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("there is no state at `config/immplan.state.json`"), "\(refused.stderr)")
    #expect(refused.stderr.components(separatedBy: "nothing was changed").count == 2, "\(refused.stderr)")
    #expect(Self.contents(root.path + "/elsewhere") == [])
    #expect(F.snapshot(root.path + "/config") == before)

    let apply = try F.run(["apply", "plan.json"], in: root.path)
    #expect(apply.status == 0, "\(apply.stderr)")
    #expect(F.simObjects(root.path + "/config").count == 3)
    #expect(!Self.contents(root.path).contains("immplan.state.json.lock"))
  }

  @Test func staleStateRefusalSaysNothingWasChangedOnce() throws {
    let directory = try TemporaryDirectory()
    try directory.write("main.imm.hcl", F.configuration())
    #expect(try F.run(["plan", "-out", "plan.json"], in: directory.path).status == 0)
    #expect(try F.run(["apply", "-auto-approve", "-var", "app_version=3.0.0"], in: directory.path).status == 0)
    let result = try F.run(["apply", "plan.json"], in: directory.path)
    #expect(result.status == 1)
    #expect(result.stderr.contains("nothing was changed — plan again"), "\(result.stderr)")
    #expect(result.stderr.components(separatedBy: "nothing was changed").count == 2, "\(result.stderr)")
  }
}
