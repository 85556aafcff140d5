import Foundation
import TestSupport
import Testing

/// `immplan force-unlock LOCK_ID [DIR]` through the built binary.
@Suite struct ForceUnlockEndToEndTests {
  typealias F = ApplyFixture

  @Test func refusesWhenTheStateIsNotLockedAndChangesNothing() throws {
    let directory = try TemporaryDirectory()
    try directory.write("main.imm.hcl", F.configuration())
    #expect(try F.run(["apply", "-auto-approve"], in: directory.path).status == 0)
    let before = try Data(contentsOf: URL(fileURLWithPath: directory.path + "/immplan.state.json"))
    let result = try F.run(["force-unlock", "0123-not-a-lock"], in: directory.path)
    #expect(result.status == 1)
    #expect(result.stderr.contains("is not locked"), "\(result.stderr)")
    let after = try Data(contentsOf: URL(fileURLWithPath: directory.path + "/immplan.state.json"))
    #expect(before == after)
  }

  @Test func requiresTheLockID() throws {
    let directory = try TemporaryDirectory()
    let result = try F.run(["force-unlock"], in: directory.path)
    #expect(result.status == 1)
    #expect(result.stderr.contains("usage: immplan force-unlock LOCK_ID [DIR]"), "\(result.stderr)")
  }
}
