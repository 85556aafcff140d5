import Foundation
import TestSupport
import Testing

/// A stack applied by immplan 0.1.0 (`Tests/Fixtures/stack-0.1.0`: its configuration, its state in
/// format 1 and its sim objects, kept as that release wrote them) under this build: nothing to
/// plan, its history, a rollback through a retained image, and a full destroy; and a 0.1.0 plan
/// file, which is refused with "plan again", changing nothing.
@Suite struct UpgradeEndToEndTests {
  typealias F = ApplyFixture

  static let fixture = RepositoryRoot.path() + "/Tests/Fixtures/stack-0.1.0"

  /// A fresh copy of the fixture stack (hidden sim directory included).
  func copyOfTheStack() throws -> TemporaryDirectory {
    let directory = try TemporaryDirectory()
    let target = directory.path + "/stack"
    try FileManager.default.copyItem(atPath: Self.fixture, toPath: target)
    return directory
  }

  func formatVersion(_ stack: String) throws -> Int? {
    let data = try #require(FileManager.default.contents(atPath: stack + "/immplan.state.json"))
    return (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["format_version"] as? Int
  }

  @Test func aStateWrittenBy010IsReadPlannedRolledBackAndDestroyed() throws {
    let directory = try copyOfTheStack()
    let stack = directory.path + "/stack"
    #expect(try formatVersion(stack) == 1)
    let objects = F.simObjects(stack)
    #expect(objects.count == 5 && objects == F.stateObjects(stack))

    let plan = try F.run(["plan", "-detailed-exitcode"], in: stack)
    #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
    #expect(plan.stdout.contains("No changes"), "\(plan.stdout)")
    let list = try F.run(["state", "list", "-all"], in: stack)
    #expect(
      list.stdout == "fleet.web\nimage.tools\nimage.web\nimage.web#g1 retained\nlaunch_template.web\n", "\(list.stderr)"
    )
    let history = try F.run(["history"], in: stack)
    #expect(history.status == 0, "\(history.stderr)")
    #expect(history.stdout.hasPrefix("Version 2 "), "\(history.stdout)")
    #expect(history.stdout.contains("\nVersion 1 "), "\(history.stdout)")
    // Reading changes nothing: the file is still the one 0.1.0 wrote.
    #expect(try formatVersion(stack) == 1)

    // Rolling back to version 1 makes the retained image current again and replaces the
    // template and the fleet onto it; the state is written in the current format.
    let rollback = try F.run(["rollback", "-to", "1", "-auto-approve"], in: stack)
    #expect(rollback.status == 0, "\(rollback.stdout)\(rollback.stderr)")
    #expect(rollback.stdout.contains("retained generation made current again"), "\(rollback.stdout)")
    #expect(try formatVersion(stack) == 2)
    let names = F.currentNames(stack)
    #expect(names["image.web"] == "immplan-web-g1")
    #expect(names["launch_template.web"] == "immplan-web-g3")
    #expect(names["fleet.web"] == "immplan-web-g3")
    #expect(F.simObjects(stack) == F.stateObjects(stack))
    let warned = try F.run(["plan"], in: stack)
    #expect(warned.stdout.contains("rolled back from version 2"), "\(warned.stdout)")

    let destroy = try F.run(["destroy", "-auto-approve"], in: stack)
    #expect(destroy.status == 0, "\(destroy.stdout)\(destroy.stderr)")
    #expect(F.simObjects(stack) == [])
    #expect(F.stateObjects(stack) == [])
  }

  @Test func aPlanFileWrittenBy010IsRefusedAndChangesNothing() throws {
    let directory = try copyOfTheStack()
    let stack = directory.path + "/stack"
    try FileManager.default.copyItem(atPath: Self.fixture + ".plan.json", toPath: directory.path + "/plan.json")
    let before = F.snapshot(stack)
    let apply = try F.run(["apply", "../plan.json"], in: stack)
    #expect(apply.status == 1)
    #expect(
      apply.stderr.contains(
        "plan file `../plan.json` has format version 1, written by an earlier immplan; this build applies only"
          + " format 2: plan again"), "\(apply.stderr)")
    #expect(F.snapshot(stack) == before)
    let show = try F.run(["show", "../plan.json"], in: stack)
    #expect(show.status == 1 && show.stderr.contains("plan again"), "\(show.stderr)")
  }
}
