import Foundation
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `apply`, `destroy`, `output`, `history` through the built binary on temporary directories.
@Suite struct ApplyEndToEndTests {
  typealias F = ApplyFixture

  @Test func createReplaceCascadeThenDestroyLeavesTheSimEmpty() throws {
    let directory = try TemporaryDirectory()
    try directory.write("main.imm.hcl", F.configuration())
    let create = try F.run(["apply", "-auto-approve"], in: directory.path)
    #expect(create.status == 0, "\(create.stderr)")
    #expect(create.stdout.contains("Apply complete: 3 created, 0 replaced, 0 destroyed. Version 1, state serial 1."))
    #expect(create.stdout.contains("fleet_name = \"immplan-web-g1\""))
    #expect(F.simObjects(directory.path) == F.stateObjects(directory.path))
    #expect(F.simObjects(directory.path).count == 3)

    let replace = try F.run(["apply", "-auto-approve", "-var", "app_version=2.0.0"], in: directory.path)
    #expect(replace.status == 0, "\(replace.stderr)")
    #expect(replace.stdout.contains("Apply complete: 0 created, 3 replaced, 0 destroyed. Version 2"))
    #expect(replace.stdout.contains("fleet.web: destroyed immplan-web-g1"))
    #expect(F.currentNames(directory.path)["fleet.web"] == "immplan-web-g2")
    #expect(F.simObjects(directory.path) == F.stateObjects(directory.path))

    let output = try F.run(["output", "fleet_name"], in: directory.path)
    #expect(output.stdout == "immplan-web-g2\n")
    let history = try F.run(["history"], in: directory.path)
    #expect(history.stdout.contains("Version 2"))
    #expect(history.stdout.contains("Version 1"))

    let destroy = try F.run(["destroy", "-auto-approve", "-var", "app_version=2.0.0"], in: directory.path)
    #expect(destroy.status == 0, "\(destroy.stderr)")
    #expect(destroy.stdout.contains("Destroy complete:"))
    #expect(F.simObjects(directory.path) == [])
    #expect(F.stateObjects(directory.path) == [])
  }

  @Test func failingHealthCheckRollsBackAndKeepsTheOldFleet() throws {
    let directory = try TemporaryDirectory()
    try directory.write("main.imm.hcl", F.configuration(healthTimeout: "1s"))
    #expect(try F.run(["apply", "-auto-approve"], in: directory.path).status == 0)
    try directory.write("main.imm.hcl", F.configuration(fail: ["fleet.web": "health"], healthTimeout: "1s"))
    let result = try F.run(["apply", "-auto-approve", "-var", "app_version=2.0.0"], in: directory.path)
    #expect(result.status == 1)
    #expect(result.stderr.contains("rolled back fleet.web"), "\(result.stdout)\n\(result.stderr)")
    #expect(result.stderr.contains("rolled back from version 2"))
    #expect(F.currentNames(directory.path)["fleet.web"] == "immplan-web-g1")
    #expect(F.simObjects(directory.path).contains("fleet/immplan-web-g1"))
    #expect(!F.simObjects(directory.path).contains("fleet/immplan-web-g2"))
    #expect(F.simObjects(directory.path) == F.stateObjects(directory.path))
    #expect(try F.run(["history"], in: directory.path).stdout.contains("Rolled back from version 2."))
  }

  @Test func stalePlanIsRefusedChangingNothing() throws {
    let directory = try TemporaryDirectory()
    try directory.write("main.imm.hcl", F.configuration())
    #expect(try F.run(["apply", "-auto-approve"], in: directory.path).status == 0)
    #expect(try F.run(["plan", "-var", "app_version=2.0.0", "-out", "plan.json"], in: directory.path).status == 0)
    #expect(try F.run(["apply", "-auto-approve", "-var", "app_version=3.0.0"], in: directory.path).status == 0)
    let before = F.snapshot(directory.path)
    let result = try F.run(["apply", "plan.json"], in: directory.path)
    #expect(result.status == 1)
    #expect(result.stderr.contains("the state has changed since this plan was made"), "\(result.stderr)")
    #expect(F.snapshot(directory.path) == before)
  }

  @Test func tamperedPlanIsRefusedChangingNothing() throws {
    let directory = try TemporaryDirectory()
    try directory.write("main.imm.hcl", F.configuration())
    #expect(try F.run(["plan", "-out", "plan.json"], in: directory.path).status == 0)
    let text = try directory.read("plan.json")
    try directory.write("plan.json", text.replacingOccurrences(of: "t3.small", with: "t3.large"))
    let before = F.snapshot(directory.path)
    let result = try F.run(["apply", "plan.json"], in: directory.path)
    #expect(result.status == 1)
    #expect(result.stderr.contains("modified after it was saved"), "\(result.stderr)")
    #expect(F.snapshot(directory.path) == before)
    #expect(F.simObjects(directory.path) == [])

    // Restored but not the approved one.
    try directory.write("plan.json", text)
    let wrong = try F.run(
      ["apply", "-expect-checksum", String(repeating: "0", count: 64), "plan.json"], in: directory.path)
    #expect(wrong.status == 1)
    #expect(wrong.stderr.contains("not the approved one"))
    #expect(F.snapshot(directory.path) == before)
  }

  @Test func planAppliedTwiceIsRefusedChangingNothing() throws {
    let directory = try TemporaryDirectory()
    try directory.write("main.imm.hcl", F.configuration())
    let plan = try F.run(["plan", "-out", "plan.json"], in: directory.path)
    let checksum = try #require(plan.stdout.split(separator: "(sha256 ").last?.prefix(64))
    let first = try F.run(["apply", "-expect-checksum", String(checksum), "plan.json"], in: directory.path)
    #expect(first.status == 0, "\(first.stderr)")
    let before = F.snapshot(directory.path)
    let second = try F.run(["apply", "plan.json"], in: directory.path)
    #expect(second.status == 1)
    #expect(second.stderr.contains("already applied"), "\(second.stderr)")
    #expect(F.snapshot(directory.path) == before)
  }

  @Test func twoConcurrentAppliesLeaveAConsistentState() throws {
    let directory = try TemporaryDirectory()
    try directory.write("main.imm.hcl", F.configuration(latency: "300ms"))
    let collected = Mutex<[BinaryResult]>([])
    let path = directory.path
    DispatchQueue.concurrentPerform(iterations: 2) { index in
      if let result = try? F.run(["apply", "-auto-approve", "-var", "app_version=\(index).0.0"], in: path) {
        collected.withLock { $0.append(result) }
      }
    }
    let results = collected.withLock { $0 }
    #expect(results.count == 2)
    let statuses = results.map(\.status).sorted()
    #expect(statuses.first == 0)
    if statuses == [0, 1] {
      #expect(results.contains { $0.stderr.contains("lock") }, "\(results.map(\.stderr))")
    }
    #expect(F.simObjects(directory.path) == F.stateObjects(directory.path))
    // With a lock timeout, a later apply waits its turn and converges.
    let converge = try F.run(["apply", "-auto-approve", "-lock-timeout", "30s"], in: directory.path)
    #expect(converge.status == 0, "\(converge.stderr)")
    #expect(F.simObjects(directory.path) == F.stateObjects(directory.path))
  }

  @Test func secretsNeverReachOutputPlanStateOrJournal() throws {
    let directory = try TemporaryDirectory()
    let secret = "hunter2-very-secret-value"
    let extra = """
      variable "db_password" {
        type      = string
        sensitive = true
      }
      """
    let configuration = F.configuration(extra: extra)
      .replacingOccurrences(
        of: "instance_type = \"t3.small\"",
        with: "instance_type = \"t3.small\"\n  user_data = \"pw=${var.db_password}\"")
    try directory.write("main.imm.hcl", configuration)
    let environment = ["IMMPLAN_VAR_db_password": secret]
    var outputs: [String] = []
    let plan = try F.run(["plan", "-out", "plan.json"], in: directory.path, environment: environment)
    outputs += [plan.stdout, plan.stderr]
    // Without the secret, or with another one, the plan is refused.
    let missing = try F.run(["apply", "plan.json"], in: directory.path)
    #expect(missing.status == 1)
    let wrong = try F.run(["apply", "plan.json", "-var", "db_password=guess"], in: directory.path)
    #expect(wrong.status == 1)
    #expect(wrong.stderr.contains("`db_password`"), "\(wrong.stderr)")
    outputs += [missing.stdout, missing.stderr, wrong.stdout, wrong.stderr]
    let apply = try F.run(["apply", "plan.json", "-var", "db_password=\(secret)"], in: directory.path)
    #expect(apply.status == 0, "\(apply.stderr)")
    outputs += [apply.stdout, apply.stderr]
    let again = try F.run(["apply", "-auto-approve"], in: directory.path, environment: environment)
    outputs += [again.stdout, again.stderr]
    #expect(again.stdout.contains("No changes"), "\(again.stdout)")
    for text in outputs { #expect(!text.contains(secret)) }
    for (path, bytes) in F.snapshot(directory.path) where !path.hasPrefix(".immplan/sim") {
      #expect(!String(decoding: bytes, as: UTF8.self).contains(secret), "\(path)")
    }
    #expect(!(try directory.read("plan.json")).contains(secret))
  }

  @Test func withoutATerminalApplyRefusesRatherThanWaiting() throws {
    let directory = try TemporaryDirectory()
    try directory.write("main.imm.hcl", F.configuration())
    let result = try F.run(["apply"], in: directory.path)
    #expect(result.status == 1)
    #expect(result.stderr.contains("-auto-approve"))
    #expect(F.simObjects(directory.path) == [])
  }

  @Test func readmeQuickStartAppliesThenShowsTheReplaceCascade() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let directory = try TemporaryDirectory()
    let example = try String(
      contentsOf: root.appendingPathComponent("examples/quickstart/main.imm.hcl"), encoding: .utf8)
    try directory.write("examples/quickstart/main.imm.hcl", example)
    let first = try F.run(["apply", "examples/quickstart", "-auto-approve"], in: directory.path)
    #expect(first.status == 0, "\(first.stderr)")
    let second = try F.run(
      ["apply", "examples/quickstart", "-auto-approve", "-var", "app_version=1.5.0"], in: directory.path)
    #expect(second.status == 0, "\(second.stderr)")
    #expect(second.stdout.contains("because image.web is replaced"))
    #expect(second.stdout.contains("0 created, 3 replaced"))
  }

  @Test func objectDeletedBehindOurBackIsRecreatedByPlanRefresh() throws {
    let directory = try TemporaryDirectory()
    try directory.write("main.imm.hcl", F.configuration())
    #expect(try F.run(["apply", "-auto-approve"], in: directory.path).status == 0)
    let fleets = directory.path + "/.immplan/sim/fleet"
    for file in try FileManager.default.contentsOfDirectory(atPath: fleets) {
      try FileManager.default.removeItem(atPath: fleets + "/" + file)
    }
    let plain = try F.run(["plan", "-detailed-exitcode"], in: directory.path)
    #expect(plain.status == 0, "without -refresh the plan trusts the state")
    let plan = try F.run(["plan", "-refresh", "-out", "plan.json"], in: directory.path)
    #expect(plan.status == 0, "\(plan.stderr)")
    #expect(plan.stdout.contains("drift: immplan-web-g1 no longer exists"), "\(plan.stdout)")
    let apply = try F.run(["apply", "plan.json"], in: directory.path)
    #expect(apply.status == 0, "\(apply.stderr)")
    #expect(F.simObjects(directory.path).contains("fleet/immplan-web-g2"))
    #expect(F.simObjects(directory.path) == F.stateObjects(directory.path))
    #expect(try F.run(["plan", "-refresh", "-detailed-exitcode"], in: directory.path).status == 0)
  }

  @Test func rollbackPlansBackToAnAppliedVersionAndRecordsIt() throws {
    let directory = try TemporaryDirectory()
    try directory.write("main.imm.hcl", F.configuration())
    #expect(try F.run(["apply", "-auto-approve"], in: directory.path).status == 0)
    #expect(try F.run(["apply", "-auto-approve", "-var", "app_version=2.0.0"], in: directory.path).status == 0)
    let saved = try F.run(
      ["rollback", "-to", "1", "-out", "rollback.json", "-var", "app_version=2.0.0"], in: directory.path)
    #expect(saved.status == 0, "\(saved.stderr)")
    #expect(saved.stdout.contains("\"install-app 2.0.0\" → \"install-app 1.0.0\""), "\(saved.stdout)")
    let refused = try F.run(["rollback", "-to", "1", "-var", "app_version=2.0.0"], in: directory.path)
    #expect(refused.status == 1)
    let rollback = try F.run(
      ["rollback", "-to", "1", "-auto-approve", "-var", "app_version=2.0.0"], in: directory.path)
    #expect(rollback.status == 0, "\(rollback.stderr)")
    #expect(F.simObjects(directory.path) == F.stateObjects(directory.path))
    #expect(try F.run(["history"], in: directory.path).stdout.hasPrefix("Rolled back from version 2."))
    let next = try F.run(["plan", "-var", "app_version=2.0.0"], in: directory.path)
    #expect(next.stdout.contains("rolls forward again"), "\(next.stdout)")
    let missing = try F.run(["rollback", "-to", "7", "-auto-approve"], in: directory.path)
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("no version 7"))
  }

  @Test func applyDirRecordsTheChecksumOfThePlanItApplied() throws {
    // `apply DIR` computes its plan's checksum while the first operations run; the history gets
    // the same checksum `plan -out` prints for that plan.
    let directory = try TemporaryDirectory()
    try directory.write("main.imm.hcl", F.configuration(latency: "20ms"))
    #expect(try F.run(["apply", "-auto-approve"], in: directory.path).status == 0)
    let saved = try F.run(["plan", "-out", "next.json", "-var", "app_version=2.0.0"], in: directory.path)
    #expect(saved.status == 0, "\(saved.stderr)")
    let checksum = try #require(
      F.run(["show", "-json", "next.json"], in: directory.path).stdout.split(separator: "\n")
        .first { $0.contains("\"checksum\"") }?.split(separator: "\"").dropFirst(3).first)
    #expect(checksum.count == 64)
    let apply = try F.run(["apply", "-auto-approve", "-var", "app_version=2.0.0"], in: directory.path)
    #expect(apply.status == 0, "\(apply.stderr)")
    let history = try F.run(["history"], in: directory.path).stdout
    #expect(history.contains("Version 2  "), "\(history)")
    #expect(history.contains("plan \(checksum.prefix(12))…  (latest)"), "\(history)")
    // The saved plan itself was never applied, but its twin (same bytes) was: it is spent.
    let again = try F.run(["apply", "next.json", "-var", "app_version=2.0.0"], in: directory.path)
    #expect(again.status == 1)
    #expect(again.stderr.contains("was already applied"), "\(again.stderr)")
  }

  @Test func rollbackMakesTheRetainedImageCurrentAgainInsteadOfBuildingOne() throws {
    let directory = try TemporaryDirectory()
    try directory.write("main.imm.hcl", F.configuration(latency: "50ms"))
    #expect(try F.run(["apply", "-auto-approve"], in: directory.path).status == 0)
    #expect(try F.run(["apply", "-auto-approve", "-var", "app_version=2.0.0"], in: directory.path).status == 0)
    let images = F.simObjects(directory.path).filter { $0.hasPrefix("image/") }
    #expect(images == ["image/immplan-web-g1", "image/immplan-web-g2"])

    // Saved for review: the plan says so, and its operation is a promote.
    let saved = try F.run(
      ["rollback", "-to", "1", "-out", "rollback.json", "-var", "app_version=2.0.0"], in: directory.path)
    #expect(saved.status == 0, "\(saved.stderr)")
    #expect(
      saved.stdout.contains(
        "replace immplan-web-g2 → immplan-web-g1 (retained generation made current again, nothing is built)"),
      "\(saved.stdout)")
    let json = try F.run(["show", "-json", "rollback.json"], in: directory.path).stdout
    #expect(json.contains("\"promote image.web#g1\""), "\(json)")
    #expect(json.contains("\"promoted\": true"))
    #expect(!json.contains("\"create image.web\""))

    let applied = try F.run(["apply", "rollback.json", "-var", "app_version=2.0.0"], in: directory.path)
    #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
    #expect(applied.stdout.contains("image.web: immplan-web-g1 (ami-"), "\(applied.stdout)")
    #expect(applied.stdout.contains("is current again, nothing built"))
    // No image was built; the template and fleet were replaced onto the retained image.
    #expect(F.simObjects(directory.path).filter { $0.hasPrefix("image/") } == images)
    #expect(F.currentNames(directory.path)["image.web"] == "immplan-web-g1")
    #expect(F.currentNames(directory.path)["fleet.web"] == "immplan-web-g3")
    #expect(F.simObjects(directory.path) == F.stateObjects(directory.path))
    let list = try F.run(["state", "list", "-all"], in: directory.path).stdout
    #expect(list.contains("image.web#g2 retained"), "\(list)")
    let template = try F.run(["state", "show", "launch_template.web"], in: directory.path).stdout
    let imageID = try #require(
      F.run(["state", "show", "image.web"], in: directory.path).stdout.split(separator: "\n")
        .first { $0.contains("cloud_id") }?.split(separator: "\"").dropFirst().first)
    #expect(imageID.hasPrefix("ami-"))
    #expect(template.contains("image") && template.contains("\"\(imageID)\""), "\(template)")
    #expect(try F.run(["history"], in: directory.path).stdout.hasPrefix("Rolled back from version 2."))

    // And forward again to version 2, directly: its image is the retained one now.
    let forward = try F.run(
      ["rollback", "-to", "2", "-auto-approve", "-var", "app_version=2.0.0"], in: directory.path)
    #expect(forward.status == 0, "\(forward.stderr)")
    #expect(F.currentNames(directory.path)["image.web"] == "immplan-web-g2")
    #expect(F.simObjects(directory.path).filter { $0.hasPrefix("image/") } == images)
    #expect(F.simObjects(directory.path) == F.stateObjects(directory.path))
    #expect(try F.run(["plan", "-detailed-exitcode", "-var", "app_version=2.0.0"], in: directory.path).status == 0)
  }

  @Test func aSavedRollbackAppliedLaterRecordsTheSameHistoryAsADirectOne() throws {
    func rolledBack(saved: Bool) throws -> (history: String, plan: String, state: String) {
      let directory = try TemporaryDirectory()
      try directory.write("main.imm.hcl", F.configuration())
      #expect(try F.run(["apply", "-auto-approve"], in: directory.path).status == 0)
      #expect(try F.run(["apply", "-auto-approve", "-var", "app_version=2.0.0"], in: directory.path).status == 0)
      if saved {
        let out = try F.run(
          ["rollback", "-to", "1", "-out", "rollback.json", "-var", "app_version=2.0.0"], in: directory.path)
        #expect(out.status == 0, "\(out.stderr)")
        let show = try F.run(["show", "-json", "rollback.json"], in: directory.path)
        #expect(show.stdout.contains("\"from_version\": 2"), "\(show.stdout)")
        let apply = try F.run(["apply", "rollback.json", "-var", "app_version=2.0.0"], in: directory.path)
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
      } else {
        let direct = try F.run(
          ["rollback", "-to", "1", "-auto-approve", "-var", "app_version=2.0.0"], in: directory.path)
        #expect(direct.status == 0, "\(direct.stderr)")
      }
      let history = try F.run(["history"], in: directory.path).stdout
      let plan = try F.run(["plan", "-var", "app_version=2.0.0"], in: directory.path).stdout
      let state = try String(contentsOfFile: directory.path + "/immplan.state.json", encoding: .utf8)
      return (history, plan, state)
    }
    let direct = try rolledBack(saved: false)
    let saved = try rolledBack(saved: true)
    #expect(direct.history.hasPrefix("Rolled back from version 2."), "\(direct.history)")
    #expect(saved.history.hasPrefix("Rolled back from version 2."), "\(saved.history)")
    #expect(saved.plan.contains("rolls forward again"), "\(saved.plan)")
    #expect(direct.plan.contains("rolls forward again"), "\(direct.plan)")
    // Same marker in both states.
    func marker(_ text: String) -> String? {
      text.split(separator: "\n").first { $0.contains("rolled_back_from") }.map(String.init)
    }
    #expect(marker(saved.state) != nil)
    #expect(marker(saved.state) == marker(direct.state))
  }

  @Test func stateListAfterACrashedApplyShowsWhatRecoveryWouldFindAndChangesNothing() throws {
    let directory = try TemporaryDirectory()
    try directory.write("main.imm.hcl", F.configuration())
    #expect(try F.run(["apply", "-auto-approve"], in: directory.path).status == 0)
    // The next apply runs from a saved plan: its checksum is known, so `plan_applied` is journaled
    // before the first intent and the sequence of journal writes does not depend on timing (with
    // `apply DIR` the checksum is computed alongside the first operation and its write may land
    // before or after the image's intent).
    let saved = try F.run(["plan", "-out", "next.plan.json", "-var", "app_version=2.0.0"], in: directory.path)
    #expect(saved.status == 0, "\(saved.stderr)")
    // Killed just before some journal write of that apply; wanted: the new image exists in the
    // sim, but the journal has only its intent (a pending generation).
    func journalTypes(_ path: String, address: String) -> [String] {
      let text = (try? String(contentsOfFile: path + "/immplan.state.json.journal", encoding: .utf8)) ?? ""
      return text.split(separator: "\n").compactMap { line in
        guard let line = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
          let entry = line["entry"] as? [String: Any], entry["address"] as? String == address
        else { return nil }
        return entry["type"] as? String
      }
    }
    var crashed: TemporaryDirectory?
    var step = 0
    var seen: [String] = []
    while step < 12, crashed == nil {
      let candidate = try TemporaryDirectory()
      try FileManager.default.removeItem(atPath: candidate.path)
      try FileManager.default.copyItem(atPath: directory.path, toPath: candidate.path)
      let run = try F.run(
        ["apply", "next.plan.json", "-var", "app_version=2.0.0"], in: candidate.path,
        environment: ["IMMPLAN_TEST_CRASH_AT": "\(step):before"])
      #expect(run.status == SIGKILL, "\(run.stdout)\(run.stderr)")
      seen.append(
        "step \(step): \(F.simObjects(candidate.path)) \(journalTypes(candidate.path, address: "image.web"))")
      if F.simObjects(candidate.path).contains("image/immplan-web-g2"),
        journalTypes(candidate.path, address: "image.web") == ["create_started"]
      {
        crashed = candidate
      }
      step += 1
    }
    let path = try #require(crashed, "no crash step left a pending object: \(seen)").path
    let stateBefore = try Data(contentsOf: URL(fileURLWithPath: path + "/immplan.state.json"))
    let journalBefore = try Data(contentsOf: URL(fileURLWithPath: path + "/immplan.state.json.journal"))
    let list = try F.run(["state", "list", "-all"], in: path)
    #expect(list.status == 0, "\(list.stderr)")
    // The new image exists in the sim: recovery adopts it, so it is current and the old one retained.
    #expect(list.stdout.contains("image.web#g1 retained"), "\(list.stdout)")
    #expect(!list.stdout.contains("pending"), "\(list.stdout)")
    #expect(list.stderr.contains("recovery is pending"), "\(list.stderr)")
    #expect(list.stderr.contains("image.web (immplan-web-g2): found"), "\(list.stderr)")
    let show = try F.run(["state", "show", "image.web"], in: path)
    #expect(show.stdout.contains("immplan-web-g2"), "\(show.stdout)")
    let summary = try F.run(["show"], in: path)
    #expect(summary.status == 0)
    #expect(summary.stderr.contains("recovery is pending"))
    // Read-only: nothing was written.
    #expect(try Data(contentsOf: URL(fileURLWithPath: path + "/immplan.state.json")) == stateBefore)
    #expect(try Data(contentsOf: URL(fileURLWithPath: path + "/immplan.state.json.journal")) == journalBefore)
    // A recovering command settles it; then nothing is pending any more.
    let apply = try F.run(["apply", "-auto-approve", "-var", "app_version=2.0.0"], in: path)
    #expect(apply.status == 0, "\(apply.stderr)")
    let after = try F.run(["state", "list"], in: path)
    #expect(!after.stderr.contains("recovery is pending"))
    #expect(after.stdout == "fleet.web\nimage.web\nlaunch_template.web\n")
  }

  @Test func firstInterruptFinishesRunningOperationsSavesAndExits130() throws {
    let directory = try TemporaryDirectory()
    try directory.write("main.imm.hcl", F.configuration(latency: "1s"))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: BinaryRunner.executablePath)
    process.arguments = ["apply", "-auto-approve"]
    process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
    process.environment = ["PATH": "/usr/bin:/bin", "HOME": directory.path]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    // Interrupt while the image is being created (it takes 1s).
    var waited = 0
    while F.simObjects(directory.path).isEmpty && waited < 100 {
      usleep(20_000)
      waited += 1
    }
    process.interrupt()
    process.waitUntilExit()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(process.terminationStatus == 130, "\(text)")
    #expect(text.contains("Interrupt received"), "\(text)")
    // The running image create finished and was recorded; nothing downstream started.
    #expect(F.simObjects(directory.path) == F.stateObjects(directory.path))
    #expect(F.simObjects(directory.path).count == 1, "\(text)")
    let resume = try F.run(["apply", "-auto-approve"], in: directory.path)
    #expect(resume.status == 0, "\(resume.stderr)")
    #expect(F.simObjects(directory.path).count == 3)
  }

  @Test func secondInterruptStopsWaitingAtOnceAndTheNextApplyConverges() throws {
    let directory = try TemporaryDirectory()
    try directory.write("main.imm.hcl", F.configuration(latency: "5s"))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: BinaryRunner.executablePath)
    process.arguments = ["apply", "-auto-approve"]
    process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
    process.environment = ["PATH": "/usr/bin:/bin", "HOME": directory.path]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    var waited = 0
    while F.simObjects(directory.path).isEmpty && waited < 100 {
      usleep(20_000)
      waited += 1
    }
    let start = Date()
    process.interrupt()
    usleep(200_000)
    process.interrupt()
    process.waitUntilExit()
    #expect(process.terminationStatus == 130)
    #expect(Date().timeIntervalSince(start) < 4, "the second Ctrl-C must not wait for the 5s create")
    let resume = try F.run(["apply", "-auto-approve"], in: directory.path)
    #expect(resume.status == 0, "\(resume.stderr)")
    #expect(F.simObjects(directory.path) == F.stateObjects(directory.path))
    #expect(F.simObjects(directory.path).count == 3)
  }
}
