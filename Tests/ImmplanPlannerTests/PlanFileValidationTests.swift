import ImmplanParser
import ImmplanPlanner
import ImmplanSupport
import Testing

/// A plan file's checksum is only a content hash: anyone can edit the JSON and seal it again. Each
/// case takes a real plan file, edits it, re-seals it with the correct checksum, and expects the
/// reader to refuse it naming the field (never a trap, never a plan apply could trip on).
@Suite struct PlanFileValidationTests {
  /// A plan with every kind of change and operation: `web` replaced (image retained, template
  /// and fleet destroyed after), `keep` with a settings change, `batch` removed, `api` new.
  static let cascade: Plan = {
    var before = TestConfig.group("web")
    before.addGroup("keep")
    before.addGroup("batch")
    let state = converge(before)
    var after = TestConfig.group("web", provision: ["install-app 2.0"])
    after.addGroup("keep")
    after["fleet.keep"].settings.healthCheck?.gracePeriod = .seconds(90)
    after.addGroup("api")
    return plan(after, state).plan!
  }()

  /// A rollback plan: `web` back to the provision of version 1, the retained `image.web#g1`
  /// promoted (as `rollback -to 1` makes it) instead of a new image being built.
  static let rollback: Plan = {
    let first = TestConfig.group("web")
    let one = converge(first)
    let two = converge(TestConfig.group("web", provision: ["install-app 2.0"]), from: one)
    var plan = plan(first, two).plan!
    let image = ResourceAddress(kind: .image, name: "web")
    let index = plan.changes.firstIndex { $0.address == image }!
    guard case .replace(let recorded, let planned, let order, let retire, let reasons) = plan.changes[index].change,
      case .retained(let old)? = two.resources[image]?.generations.first
    else { fatalError("fixture: expected a replaced image with a retained generation") }
    var outputs = old.outputs.mapValues(Value.string)
    outputs["id"] = .string(old.cloudID)
    let promoted = PlannedObject(
      name: old.record.name, generation: old.record.generation, identity: old.record.identity,
      digest: old.record.digest, outputs: outputs, dependencies: planned.dependencies, settings: planned.settings,
      provider: planned.provider, mayReuseExisting: true, promoted: true)
    plan.changes[index].change = .replace(
      recorded: recorded, planned: promoted, order: order, retire: retire, reasons: reasons)
    let createID = "create image.web"
    let promoteID = PlannedOperation.promoteID(image, generation: old.record.generation)
    plan.operations = plan.operations.map { operation in
      var operation = operation
      if operation.id == createID {
        operation = PlannedOperation(
          id: promoteID, action: .promote, address: image, generation: old.record.generation, name: old.record.name,
          dependsOn: operation.dependsOn)
      }
      operation.dependsOn = operation.dependsOn.map { $0 == createID ? promoteID : $0 }.sorted()
      return operation
    }
    plan.rollback = PlannedRollback(toVersion: 1, fromVersion: 2)
    return plan
  }()

  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var base: Plan
    var edit: @Sendable (inout Document) -> Void
    /// The JSON path the error names, and words its reason contains.
    var path: String
    var reason: String
    var testDescription: String { name }

    init(
      _ name: String, _ base: Plan, path: String, reason: String, edit: @escaping @Sendable (inout Document) -> Void
    ) {
      self.name = name
      self.base = base
      self.edit = edit
      self.path = path
      self.reason = reason
    }
  }

  static let cases: [Case] = [
    // The known trap: a create operation whose planned object is gone.
    Case(
      "create change removed, its operation kept", cascade, path: "$.operations[*create fleet.api]",
      reason: "`create fleet.api`: no change plans object `fleet.api#g1`"
    ) { document in
      document.removeChange("fleet.api")
      document.setSummary("create", to: 2)
    },
    Case(
      "planned object removed from a create", cascade, path: "$.changes[*fleet.api].planned",
      reason: "missing required field"
    ) { document in
      document.change("fleet.api") { $0.remove("planned") }
    },
    Case(
      "planned generation moved away from its operation", cascade, path: "$.operations[*create image.api]",
      reason: "no change plans object `image.api#g1`"
    ) { document in
      document.change("image.api") { change in
        change.set(["planned", "generation"], .integer(2))
        change.set(["planned", "name"], .string("immplan-api-g2"))
      }
    },
    Case(
      "duplicate operation", cascade, path: "$.operations[*create fleet.api+1].id",
      reason: "duplicate operation `create fleet.api`"
    ) { document in
      document.duplicateOperation("create fleet.api")
    },
    Case(
      "edge to an unknown operation", cascade, path: "$.operations[*create fleet.api].depends_on",
      reason: "`create fleet.nowhere` is not an earlier operation"
    ) { document in
      document.operation("create fleet.api") { $0.append(["depends_on"], .string("create fleet.nowhere")) }
    },
    Case(
      "cycle: an edge to a later operation", cascade, path: "$.operations[*create image.api].depends_on",
      reason: "`create fleet.api` is not an earlier operation"
    ) { document in
      document.operation("create image.api") { $0.append(["depends_on"], .string("create fleet.api")) }
    },
    Case(
      "operation depending on itself", cascade, path: "$.operations[*create fleet.api].depends_on",
      reason: "`create fleet.api` is not an earlier operation"
    ) { document in
      document.operation("create fleet.api") { $0.append(["depends_on"], .string("create fleet.api")) }
    },
    Case(
      "dependency listed twice", cascade, path: "$.operations[*create fleet.api].depends_on",
      reason: "`create launch_template.api` is listed twice"
    ) { document in
      document.operation("create fleet.api") { operation in
        operation.append(["depends_on"], .string("create launch_template.api"))
      }
    },
    Case("replace without a new name", cascade, path: "$.changes[*fleet.web].planned.name", reason: "must not be empty")
    { document in
      document.change("fleet.web") { $0.set(["planned", "name"], .string("")) }
    },
    Case(
      "replace naming an object it does not plan", cascade, path: "$.changes[*fleet.web].planned.name",
      reason: "`production-db` is not the planned name `immplan-web-g2`"
    ) { document in
      document.change("fleet.web") { $0.set(["planned", "name"], .string("production-db")) }
    },
    Case(
      "operation name differs from its object's", cascade, path: "$.operations[*create fleet.api].name",
      reason: "`production-db` is not the name of object `fleet.api#g1` (`immplan-api-g1`)"
    ) { document in
      document.operation("create fleet.api") { $0.set(["name"], .string("production-db")) }
    },
    Case(
      "promote of a generation that does not exist", rollback, path: "$.operations[*promote image.web#g1]",
      reason: "no change plans object `image.web#g7`"
    ) { document in
      document.operation("promote image.web#g1") { $0.set(["generation"], .integer(7)) }
    },
    Case(
      "destroy of an object the plan does not record", cascade, path: "$.operations[*destroy fleet.web#g1]",
      reason: "no change records object `fleet.web#g5`"
    ) { document in
      document.operation("destroy fleet.web#g1") { $0.set(["generation"], .integer(5)) }
    },
    Case(
      "destroy of a retained image the replace keeps", cascade, path: "$.operations[*destroy image.web#g1].action",
      reason: "the change of `image.web#g1` is a `replace`, which has no `destroy` of it"
    ) { document in
      document.addOperation(
        id: "destroy image.web#g1", action: "destroy", address: "image.web", generation: 1, name: "immplan-web-g1")
    },
    Case(
      "settings operation on a replaced object", cascade, path: "$.operations[*settings fleet.web].action",
      reason: "the change of `fleet.web#g1` is a `replace`, which has no `record_settings` of it"
    ) { document in
      document.addOperation(
        id: "settings fleet.web", action: "record_settings", address: "fleet.web", generation: 1,
        name: "immplan-web-g1")
    },
    Case(
      "create operation on a promoted object", rollback, path: "$.operations[*promote image.web#g1].action",
      reason: "is promoted, so its operation is a `promote`"
    ) { document in
      document.operation("promote image.web#g1") { $0.set(["action"], .string("create")) }
    },
    Case(
      "operation ID not its action and address", cascade, path: "$.operations[*create fleet.api#rollback].id",
      reason:
        "`create fleet.api#rollback` does not match its action, address and generation: expected `create fleet.api`"
    ) { document in
      document.renameOperation("create fleet.api", to: "create fleet.api#rollback")
    },
    Case(
      "address of the wrong kind", cascade, path: "$.operations[*create fleet.api].id",
      reason: "expected `create image.api`"
    ) { document in
      document.operation("create fleet.api") { $0.set(["address"], .string("image.api")) }
    },
    Case(
      "change address and object kind differ", cascade, path: "$.changes[*fleet.api].planned.kind",
      reason: "does not match the address kind `image`"
    ) { document in
      document.change("fleet.api") { $0.set(["address"], .string("image.extra")) }
    },
    Case(
      "change left without its operation", cascade, path: "$.changes[*fleet.keep]",
      reason: "the `keep` of `fleet.keep` has no operation `settings fleet.keep`"
    ) { document in
      document.removeOperation("settings fleet.keep")
    },
    Case(
      "two changes decide one address", cascade, path: "$.changes[*fleet.api+1].address",
      reason: "`fleet.api` already has a change at $.changes["
    ) { document in
      document.duplicateChange("fleet.api")
    },
    Case(
      "replace reusing the replaced generation", cascade, path: "$.changes[*fleet.web].planned.generation",
      reason: "the new object has the replaced object's generation"
    ) { document in
      document.change("fleet.web") { change in
        change.set(["planned", "generation"], .integer(1))
        change.set(["planned", "name"], .string("immplan-web-g1"))
      }
    },
    Case(
      "promoted flag on a create", cascade, path: "$.changes[*image.api].planned.promoted",
      reason: "only an image replaced by a rollback can be promoted"
    ) { document in
      document.change("image.api") { $0.set(["planned", "promoted"], .bool(true)) }
    },
    Case(
      "promoted image without its id", rollback, path: "$.changes[*image.web].planned.outputs",
      reason: "a promoted object needs its `id` output"
    ) { document in
      document.change("image.web") { $0.remove(["planned", "outputs", "id"]) }
    },
    Case(
      "destroy plan that creates", cascade, path: "$.changes[0].action",
      reason: "a `destroy` plan only destroys, found `"
    ) { document in
      document.set(["mode"], .string("destroy"))
    },
    Case(
      "summary that does not match the changes", cascade, path: "$.summary.destroy",
      reason: "is 0, but the changes have 3"
    ) { document in
      document.setSummary("destroy", to: 0)
    },
    Case(
      "negative generation", cascade, path: "$.operations[*create fleet.api].generation", reason: "must be at least 1"
    ) { document in
      document.operation("create fleet.api") { $0.set(["generation"], .integer(-1)) }
    },
    Case("huge generation", cascade, path: "$.operations[*create fleet.api].generation", reason: "expected an integer")
    { document in
      document.operation("create fleet.api") { $0.set(["generation"], .number("99999999999999999999999")) }
    },
    Case("negative serial", cascade, path: "$.prior_state.serial", reason: "must not be negative") { document in
      document.set(["prior_state", "serial"], .integer(-3))
    },
    Case("negative unchanged count", cascade, path: "$.summary.unchanged", reason: "must not be negative") { document in
      document.setSummary("unchanged", to: -1)
    },
    Case(
      "negative health-check timeout", cascade, path: "$.changes[*fleet.api].planned.settings.health_check.timeout_ms",
      reason: "must not be negative"
    ) { document in
      document.change("fleet.api") { $0.set(["planned", "settings", "health_check", "timeout_ms"], .integer(-5)) }
    },
    // Found by hand after fuzzing: 2562047788015h made the sim's deadline overflow Int64 and trap.
    Case(
      "huge grace period", cascade, path: "$.changes[*fleet.api].planned.settings.health_check.grace_period_ms",
      reason: "9223372036854775807 is more than ten years (315360000000)"
    ) { document in
      document.change("fleet.api") {
        $0.set(["planned", "settings", "health_check", "grace_period_ms"], .number("9223372036854775807"))
      }
    },
    Case(
      "huge sim latency", cascade, path: "$.providers.sim.latency_ms",
      reason: "315360000001 is more than ten years"
    ) { document in
      document.set(
        ["providers", "sim"],
        .object([
          "dir": .string(".immplan/sim"), "latency_ms": .integer(315_360_000_001),
          "fail": .object([String: JSONValue]()),
        ]))
    },
    Case("rollback to version 0", rollback, path: "$.rollback.to_version", reason: "must be at least 1") { document in
      document.set(["rollback", "to_version"], .integer(0))
    },
    Case(
      "rollback from an older version than its target", rollback, path: "$.rollback.from_version",
      reason: "0 is older than the version rolled back to (1)"
    ) { document in
      document.set(["rollback", "from_version"], .integer(0))
    },
    Case("unknown summary field", cascade, path: "$.summary.modify", reason: "unknown field") { document in
      document.set(["summary", "modify"], .integer(1))
    },
    Case(
      "configuration file by an absolute path", cascade, path: "$.configuration.files",
      reason: "`/etc/main.imm.hcl` is not a configuration file's path (`NAME.imm.hcl`, relative and normalized)"
    ) { document in
      document.set(
        ["configuration", "files"],
        .array([.object(["path": .string("/etc/main.imm.hcl"), "text": .string("")])]))
    },
    Case(
      "configuration file twice", cascade, path: "$.configuration.files",
      reason: "`main.imm.hcl` appears twice"
    ) { document in
      let file = JSONValue.object(["path": .string("main.imm.hcl"), "text": .string("")])
      document.set(["configuration", "files"], .array([file, file]))
    },
    Case("variable twice", cascade, path: "$.variables[1].name", reason: "variable `size` appears twice") { document in
      let variable = JSONValue.object([
        "name": .string("size"), "sensitive": .bool(false), "value": .object(["number": .string("3")]),
      ])
      document.set(["variables"], .array([variable, variable]))
    },
  ]

  @Test func basePlansAreValid() throws {
    for base in [Self.cascade, Self.rollback] {
      let decoded = try PlanFile.decode(Document(base).sealed(), path: "plan.json").plan
      #expect(decoded.changes == base.changes)
      #expect(decoded.operations == base.operations)
      #expect(decoded.rollback == base.rollback)
    }
    #expect(Set(Self.cascade.changes.map(\.change.action)) == Set(ChangeAction.allCases))
    #expect(Self.cascade.operations.contains { $0.action == .recordSettings })
    #expect(Self.rollback.operations.contains { $0.action == .promote })
  }

  @Test(arguments: cases) func editedAndResealedPlanIsRefused(_ testCase: Case) {
    var document = Document(testCase.base)
    testCase.edit(&document)
    let bytes = document.sealed()
    do {
      let plan = try PlanFile.decode(bytes, path: "plan.json")
      Issue.record("accepted: \(plan.plan.operations.map(\.id))")
    } catch {
      guard case .invalidField(let file, let jsonPath, let reason) = error else {
        Issue.record("expected an invalid field, got \(error)")
        return
      }
      #expect(file == "plan.json")
      #expect(jsonPath == document.resolve(testCase.path), "\(reason)")
      #expect(reason.contains(testCase.reason), "\(jsonPath): \(reason)")
      #expect(error.description.hasPrefix("plan file `plan.json`: `\(jsonPath)`: "))
    }
  }

  /// `show PLANFILE` of a rollback plan says what it rolls back, as `rollback` itself does.
  @Test func rollbackPlanReadFromItsFileSaysWhatItRollsBack() throws {
    let plan = try PlanFile.decode(PlanFile.encode(Self.rollback).bytes, path: "rollback.json").plan
    let text = PlanRenderer.render(plan, as: .text(color: false))
    #expect(
      text.hasPrefix("Rolling back to version 1 (from version 2).\n\nimmplan will perform these actions"), "\(text)")
    let markdown = PlanRenderer.render(plan, as: .markdown, checksum: "9d41")
    #expect(markdown.hasPrefix("### immplan plan\n\nRolling back to version 1 (from version 2).\n\n**Plan: "))
    var unknownFrom = plan
    unknownFrom.rollback = PlannedRollback(toVersion: 3, fromVersion: nil)
    #expect(PlanTextRenderer().render(unknownFrom).hasPrefix("Rolling back to version 3.\n\n"))
    #expect(!PlanTextRenderer().render(Self.cascade).contains("Rolling back"))
    #expect(!PlanMarkdownRenderer().render(Self.cascade).contains("Rolling back"))
  }

  @Test func resealingWithoutAnEditKeepsTheBytes() {
    #expect(Document(Self.cascade).sealed() == PlanFile.encode(Self.cascade).bytes)
  }
}

/// A plan file's JSON, editable by change address and operation ID, sealed again on demand the
/// way ``PlanFile/encode(_:)`` seals (SHA-256 of the bytes with an empty checksum).
struct Document {
  var json: JSONValue
  /// Change addresses and operation IDs in the original order, for `[*…]` in expected paths.
  private(set) var changeKeys: [String]
  private(set) var operationKeys: [String]

  init(_ plan: Plan) {
    json = try! JSONParser.parse(PlanFile.encode(plan).bytes)
    changeKeys = plan.changes.map(\.displayAddress)
    operationKeys = plan.operations.map(\.id)
  }

  func sealed() -> [UInt8] {
    var json = json
    json.set(["checksum"], .string(""))
    var bytes = json.encoded(pretty: true)
    bytes.append(0x0A)
    let checksum = Hex.encode(SHA256.hash(bytes))
    let marker = Array("\n  \"checksum\": \"".utf8)
    let start = (0...(bytes.count - marker.count)).first { bytes[$0..<$0 + marker.count].elementsEqual(marker) }!
    bytes.insert(contentsOf: Array(checksum.utf8), at: start + marker.count)
    return bytes
  }

  /// `$.changes[*fleet.api]` → `$.changes[7]` (`+1`: the copy right after it).
  func resolve(_ path: String) -> String {
    var result = path
    for (prefix, keys) in [("$.changes[*", changeKeys), ("$.operations[*", operationKeys)] {
      guard let range = result.range(of: prefix), let end = result[range.upperBound...].firstIndex(of: "]") else {
        continue
      }
      var key = String(result[range.upperBound..<end])
      var offset = 0
      if key.hasSuffix("+1") {
        key.removeLast(2)
        offset = 1
      }
      let index = (keys.firstIndex(of: key) ?? -100) + offset
      result.replaceSubrange(range.lowerBound...end, with: prefix.dropLast() + "\(index)]")
    }
    return result
  }

  mutating func set(_ path: [String], _ value: JSONValue) { json.set(path, value) }

  private mutating func editArray(_ key: String, _ body: (inout [JSONValue]) -> Void) {
    guard case .array(var items)? = json[key] else { return }
    body(&items)
    json.set([key], .array(items))
  }

  private func changeIndex(_ address: String) -> Int { changeKeys.firstIndex(of: address)! }
  private func operationIndex(_ id: String) -> Int { operationKeys.firstIndex(of: id)! }

  mutating func change(_ address: String, _ body: (inout JSONValue) -> Void) {
    let index = changeIndex(address)
    editArray("changes") { body(&$0[index]) }
  }

  mutating func operation(_ id: String, _ body: (inout JSONValue) -> Void) {
    let index = operationIndex(id)
    editArray("operations") { body(&$0[index]) }
  }

  mutating func removeChange(_ address: String) {
    let index = changeIndex(address)
    editArray("changes") { $0.remove(at: index) }
    changeKeys.remove(at: index)
  }

  mutating func duplicateChange(_ address: String) {
    let index = changeIndex(address)
    editArray("changes") { $0.insert($0[index], at: index + 1) }
  }

  mutating func removeOperation(_ id: String) {
    let index = operationIndex(id)
    editArray("operations") { $0.remove(at: index) }
    operationKeys.remove(at: index)
  }

  mutating func duplicateOperation(_ id: String) {
    let index = operationIndex(id)
    editArray("operations") { $0.insert($0[index], at: index + 1) }
  }

  mutating func renameOperation(_ id: String, to newID: String) {
    let index = operationIndex(id)
    editArray("operations") { $0[index].set(["id"], .string(newID)) }
    operationKeys[index] = newID
  }

  /// Appends an operation with no dependencies.
  mutating func addOperation(id: String, action: String, address: String, generation: Int, name: String) {
    let operation = JSONValue.object([
      "id": .string(id), "action": .string(action), "address": .string(address), "generation": .integer(generation),
      "name": .string(name), "depends_on": .array([]),
    ])
    editArray("operations") { $0.append(operation) }
    operationKeys.append(id)
  }

  mutating func setSummary(_ key: String, to value: Int) { json.set(["summary", key], .integer(value)) }
}

extension JSONValue {
  /// Sets (adding when absent) the member at `path`.
  mutating func set(_ path: [String], _ value: JSONValue) {
    guard let key = path.first else {
      self = value
      return
    }
    guard case .object(var members) = self else { return }
    if let index = members.firstIndex(where: { $0.key == key }) {
      members[index].value.set(Array(path.dropFirst()), value)
    } else if path.count == 1 {
      members.append(JSONMember(key: key, value: value))
    }
    self = .object(members)
  }

  /// Removes the member at `path`.
  mutating func remove(_ path: [String]) {
    guard let key = path.first, case .object(var members) = self,
      let index = members.firstIndex(where: { $0.key == key })
    else { return }
    if path.count == 1 {
      members.remove(at: index)
    } else {
      members[index].value.remove(Array(path.dropFirst()))
    }
    self = .object(members)
  }

  mutating func remove(_ key: String) { remove([key]) }

  /// Appends `value` to the array at `path`.
  mutating func append(_ path: [String], _ value: JSONValue) {
    var current = self
    for key in path { current = current[key] ?? .null }
    guard case .array(var items) = current else { return }
    items.append(value)
    set(path, .array(items))
  }
}
