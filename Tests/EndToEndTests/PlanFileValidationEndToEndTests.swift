import Foundation
import ImmplanPlanner
import ImmplanSupport
import TestSupport
import Testing

/// `apply PLANFILE` of a plan file edited and sealed again with a valid checksum (the checksum is
/// only a content hash): refused with the precise problem, exit 1, no file changed, the sim
/// untouched; and `show` of a rollback plan saying what it rolls back.
@Suite struct PlanFileValidationEndToEndTests {
  typealias F = ApplyFixture

  /// A converged directory (version 1) and `plan.json` upgrading it to `app_version` 2.0.0.
  private func upgradePlan() throws -> TemporaryDirectory {
    let directory = try TemporaryDirectory()
    try directory.write("main.imm.hcl", F.configuration())
    let apply = try F.run(["apply", "-auto-approve"], in: directory.path)
    #expect(apply.status == 0, "\(apply.stderr)")
    let plan = try F.run(["plan", "-var", "app_version=2.0.0", "-out", "plan.json"], in: directory.path)
    #expect(plan.status == 0, "\(plan.stderr)")
    return directory
  }

  /// Every file in `directory` (sim objects included) with its bytes, except `except`.
  private func snapshot(_ directory: String, except: Set<String> = ["plan.json", "edited.json"]) -> [String: Data] {
    var files: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: directory)
    while let path = enumerator?.nextObject() as? String {
      guard !except.contains(path), let data = FileManager.default.contents(atPath: directory + "/" + path) else {
        continue
      }
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: directory + "/" + path, isDirectory: &isDirectory),
        !isDirectory.boolValue
      {
        files[path] = data
      }
    }
    return files
  }

  /// Edits `plan.json` into `edited.json`, sealed again with the checksum of its new content.
  private func edit(_ directory: TemporaryDirectory, _ body: (inout [JSONValue], inout [JSONValue]) -> Void) throws {
    var json = try JSONParser.parse(Array(try directory.read("plan.json").utf8))
    guard case .object(var members) = json else { throw CocoaError(.fileReadCorruptFile) }
    var changes: [JSONValue] = []
    var operations: [JSONValue] = []
    if case .array(let items)? = json["changes"] { changes = items }
    if case .array(let items)? = json["operations"] { operations = items }
    body(&changes, &operations)
    let replace = ["changes": JSONValue.array(changes), "operations": .array(operations), "checksum": .string("")]
    members = members.map { JSONMember(key: $0.key, value: replace[$0.key] ?? $0.value) }
    json = .object(members)
    var bytes = json.encoded(pretty: true)
    bytes.append(0x0A)
    let checksum = Hex.encode(SHA256.hash(bytes))
    let text = String(decoding: bytes, as: UTF8.self)
      .replacingOccurrences(of: "\n  \"checksum\": \"\"", with: "\n  \"checksum\": \"\(checksum)\"")
    try directory.write("edited.json", text)
  }

  private func address(_ value: JSONValue) -> String {
    if case .string(let text)? = value["address"] { text } else { "" }
  }

  private func id(_ value: JSONValue) -> String {
    if case .string(let text)? = value["id"] { text } else { "" }
  }

  @Test func createWithoutItsPlannedObjectIsRefusedChangingNothing() throws {
    let directory = try upgradePlan()
    // The replace of fleet.web removed; its create and destroy operations left behind.
    try edit(directory) { changes, _ in changes.removeAll { address($0) == "fleet.web" } }
    let before = snapshot(directory.path)
    #expect(before.keys.contains("immplan.state.json"))

    let result = try F.run(["apply", "edited.json"], in: directory.path)
    #expect(result.status == 1)
    #expect(
      result.stderr.contains(
        "error: plan file `edited.json`: `$.operations[2]`: `create fleet.web`: no change plans object"
          + " `fleet.web#g2`; nothing was changed"), "\(result.stderr)")
    #expect(!result.stderr.contains("Fatal error"))
    #expect(snapshot(directory.path) == before)

    // Nothing was spent: the plan as reviewed still applies.
    let apply = try F.run(["apply", "plan.json"], in: directory.path)
    #expect(apply.status == 0, "\(apply.stderr)")
    #expect(F.currentNames(directory.path)["fleet.web"] == "immplan-web-g2")
  }

  @Test func selfConsistentPlanNamingAnObjectNotInTheStateIsRefusedChangingNothing() throws {
    let directory = try upgradePlan()
    // A plan that agrees with itself but would destroy a cloud object the state does not record.
    try edit(directory) { changes, _ in
      for index in changes.indices where address(changes[index]) == "fleet.web" {
        guard case .object(var members) = changes[index],
          let recorded = members.firstIndex(where: { $0.key == "recorded" }),
          case .object(var fields) = members[recorded].value,
          let cloudID = fields.firstIndex(where: { $0.key == "cloud_id" })
        else { continue }
        fields[cloudID].value = .string("asg-production")
        members[recorded].value = .object(fields)
        changes[index] = .object(members)
      }
    }
    let before = snapshot(directory.path)
    let result = try F.run(["apply", "edited.json"], in: directory.path)
    #expect(result.status == 1)
    #expect(
      result.stderr.contains(
        "the plan cannot be executed: `fleet.web#g1` (`immplan-web-g1`) is not an object of the state; nothing"
          + " was changed"), "\(result.stderr)")
    #expect(snapshot(directory.path) == before)
  }

  @Test func showOfARollbackPlanSaysWhatItRollsBack() throws {
    let directory = try TemporaryDirectory()
    try directory.write("main.imm.hcl", F.configuration())
    #expect(try F.run(["apply", "-auto-approve"], in: directory.path).status == 0)
    #expect(try F.run(["apply", "-auto-approve", "-var", "app_version=2.0.0"], in: directory.path).status == 0)
    let rollback = try F.run(["rollback", "-to", "1", "-out", "rollback.json"], in: directory.path)
    #expect(rollback.status == 0, "\(rollback.stderr)")
    #expect(rollback.stdout.hasPrefix("Rolling back to version 1 (from version 2).\n\n"), "\(rollback.stdout)")

    let show = try F.run(["show", "rollback.json"], in: directory.path)
    #expect(show.status == 0, "\(show.stderr)")
    #expect(show.stdout.hasPrefix("Rolling back to version 1 (from version 2).\n\n"), "\(show.stdout)")
    let markdown = try F.run(["show", "-markdown", "rollback.json"], in: directory.path)
    #expect(markdown.stdout.hasPrefix("### immplan plan\n\nRolling back to version 1 (from version 2).\n"))

    let plain = try F.run(["plan", "-out", "plain.json"], in: directory.path)
    #expect(plain.status == 0)
    #expect(!(try F.run(["show", "plain.json"], in: directory.path).stdout.contains("Rolling back")))
  }
}
