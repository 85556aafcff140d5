import Foundation
import TestSupport
import Testing

/// New objects never reuse the names of destroyed ones, even after a full destroy.
@Suite struct GenerationEndToEndTests {
  typealias F = ApplyFixture

  @Test func reapplyingAfterAFullDestroyNamesTheNextGeneration() throws {
    let directory = try TemporaryDirectory()
    try directory.write("main.imm.hcl", F.configuration())
    #expect(try F.run(["apply", "-auto-approve"], in: directory.path).status == 0)
    #expect(F.currentNames(directory.path)["fleet.web"] == "immplan-web-g1")
    let destroy = try F.run(["destroy", "-auto-approve"], in: directory.path)
    #expect(destroy.status == 0, "\(destroy.stderr)")
    #expect(F.stateObjects(directory.path) == [])

    let again = try F.run(["apply", "-auto-approve"], in: directory.path)
    #expect(again.status == 0, "\(again.stderr)")
    #expect(again.stdout.contains("create → immplan-web-g2"), "\(again.stdout)")
    #expect(F.currentNames(directory.path)["fleet.web"] == "immplan-web-g2")
    #expect(F.currentNames(directory.path)["image.web"] == "immplan-web-g2")
    #expect(F.simObjects(directory.path) == F.stateObjects(directory.path))
  }
}
