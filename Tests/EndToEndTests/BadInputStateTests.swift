import Foundation
import ImmplanSupport
import TestSupport
import Testing

/// Bad state files (and the journal beside them), plan files, lock files and sim objects (issue
/// 6, item 5). See ``BadInputFixture`` for the fixture and ``BadInputCase/check()`` for what every
/// case asserts.
struct BadInputStateTests {
  typealias Case = BadInputCase
  typealias F = BadInputFixture
  static let state = "immplan.state.json"
  static let plan = "plan.json"
  static let lock = "immplan.state.json.lock"
  static let stateFile = "state file `./immplan.state.json`"

  static func repeated(_ text: String, _ count: Int) -> String { String(repeating: text, count: count) }

  /// What a live holder writes into the lock file.
  static let holderInfo =
    #"{"id":"0c1d2e3f-lock","operation":"apply","pid":4242,"time":"2026-11-25T21:00:00Z","who":"alice@ci"}"# + "\n"
  static let holderText = "by alice@ci (pid 4242) since 2026-11-25T21:00:00Z for `apply`, lock ID `0c1d2e3f-lock`"

  static let stateCases: [Case] = [
    Case("state truncated", ["plan"], expect: ["\(stateFile) is not valid JSON", "the file is truncated) at line"]) {
      try $0.truncate(state, before: "\"resources\"")
    },
    Case(
      "state empty", ["apply", "-auto-approve"],
      expect: ["\(stateFile) is not valid JSON", "the file is empty at line 1, column 1"]
    ) {
      try $0.write(state, "")
    },
    Case("state not JSON", ["state", "list"], expect: ["unexpected character `h` at line 1, column 1"]) {
      try $0.write(state, "hello\n")
    },
    Case("state a JSON array", ["plan"], expect: ["is not an immplan state file: the top level is an array"]) {
      try $0.write(state, "[1, 2]\n")
    },
    Case("state of Terraform", ["plan"], expect: ["it looks like a Terraform state"]) {
      try $0.write(state, #"{"version": 4, "terraform_version": "1.9.0", "resources": []}"#)
    },
    Case(
      "state newer format_version", ["apply", "-auto-approve"],
      expect: ["has format_version 3, but this immplan reads only up to 2; upgrade immplan"]
    ) {
      try $0.replace(state, "\"format_version\": 2", with: "\"format_version\": 3")
    },
    Case("state format_version 0", ["plan"], expect: ["\(stateFile) has unsupported format_version 0"]) {
      try $0.replace(state, "\"format_version\": 2", with: "\"format_version\": 0")
    },
    Case(
      "state format_version a string", ["plan"],
      expect: ["invalid at `$.format_version`: expected an integer, found a string"]
    ) {
      try $0.replace(state, "\"format_version\": 2", with: "\"format_version\": \"1\"")
    },
    Case(
      "state format_version huge", ["plan"],
      expect: ["`$.format_version`: expected an integer, found the number 99999999999999999999999 (out of range)"]
    ) {
      try $0.replace(state, "\"format_version\": 2", with: "\"format_version\": 99999999999999999999999")
    },
    Case("state missing lineage", ["plan"], expect: ["invalid at `$.lineage`: missing required field"]) {
      try $0.editJSON(state) { $0["lineage"] = nil }
    },
    Case(
      "state missing resource kind", ["plan"],
      expect: [#"invalid at `$.resources["fleet.web"].current.kind`: missing required field"#]
    ) {
      try $0.editJSON(state) { setJSON(&$0, ["resources", "fleet.web", "current", "kind"], nil) }
    },
    Case("state serial a string", ["show"], expect: ["invalid at `$.serial`: expected an integer, found a string"]) {
      try $0.editJSON(state) { $0["serial"] = "1" }
    },
    Case(
      "state generation a string", ["plan"],
      expect: [#"`$.resources["image.web"].current.generation`: expected an integer, found a string"#]
    ) {
      try $0.editJSON(state) { setJSON(&$0, ["resources", "image.web", "current", "generation"], "1") }
    },
    Case("state resources an array", ["plan"], expect: ["invalid at `$.resources`: expected an object, found an array"])
    {
      try $0.editJSON(state) { $0["resources"] = [1] }
    },
    Case("state unknown field", ["plan"], expect: ["invalid at `$.extra`: unknown field"]) {
      try $0.editJSON(state) { $0["extra"] = true }
    },
    Case("state bad address", ["plan"], expect: ["`$.resources.web`: `web` is not a resource address"]) {
      try $0.replace(state, "\"image.web\": {", after: "\"resources\"", with: "\"web\": {")
    },
    Case(
      "state duplicate address", ["apply", "-auto-approve"],
      expect: ["is not valid JSON", "duplicate key `image.web` at line"]
    ) {
      try $0.replace(state, "\"launch_template.web\": {", after: "\"resources\"", with: "\"image.web\": {")
    },
    Case("state invalid UTF-8", ["plan"], expect: ["is not valid JSON", "invalid UTF-8 in string at line"]) {
      try $0.replace(state, "\"lineage\": \"", with: Array("\"lineage\": \"".utf8) + [0xC0, 0xAF])
    },
    Case(
      "state 100k nested arrays", ["plan"], expect: ["is not valid JSON", "nesting deeper than 512 levels at line 1"]
    ) {
      try $0.write(state, repeated("[", 100_000) + repeated("]", 100_000))
    },
    Case("state 100k nested objects", ["plan"], expect: ["nesting deeper than 512 levels"]) {
      try $0.write(state, repeated(#"{"a":"#, 100_000) + "1" + repeated("}", 100_000))
    },
    Case(
      "state huge serial", ["plan"],
      expect: [
        "`$.serial`: expected an integer, found the number 19999999999999999999… (401 characters) (out of range)"
      ]
    ) {
      try $0.replace(state, "\"serial\": 1", with: "\"serial\": 1" + repeated("9", 400))
    },
    Case("state huge exponent", ["plan"], expect: ["`$.serial`: expected an integer, found the number 1e999999999"]) {
      try $0.replace(state, "\"serial\": 1", with: "\"serial\": 1e999999999")
    },
    Case("state negative serial", ["plan"], expect: ["`$.serial`: must not be negative"]) {
      try $0.replace(state, "\"serial\": 1", with: "\"serial\": -1")
    },
    Case("state bad digest key", ["plan"], expect: ["`$.digest_key`: expected 64 lowercase hexadecimal digits"]) {
      try $0.editJSON(state) { $0["digest_key"] = "zz" }
    },
    Case("state a directory", ["plan"], expect: ["./immplan.state.json", "is a directory"]) {
      try $0.makeDirectory(state)
    },
    Case(
      "state lineage mismatch", ["apply", plan],
      expect: ["the state has changed since this plan was made (lineage other-", "nothing was changed"]
    ) {
      try $0.replace(state, "\"lineage\": \"", with: "\"lineage\": \"other-")
    },
    Case("journal garbage", ["plan"], expect: ["journal `./immplan.state.json.journal` is corrupt at line 1"]) {
      try $0.write("immplan.state.json.journal", "garbage\n{\n")
    },
  ]

  static let moreStateCases: [Case] = [
    Case(
      "journal record altered", ["apply", "-auto-approve"],
      expect: ["journal `./immplan.state.json.journal` is corrupt at line 1: checksum mismatch"]
    ) {
      try $0.write(
        "immplan.state.json.journal", #"{"entry":{"type":"plan_applied"},"sha256":""# + repeated("0", 64) + "\"}\n")
    },
    Case(
      "journal record of an unknown type", ["plan"],
      expect: [
        "journal `./immplan.state.json.journal` is corrupt at line 1: "
          + "`$.entry.type`: unknown journal entry type `teleported`"
      ]
    ) {
      let body = #"{"type":"teleported"}"#
      let line = #"{"entry":"# + body + #","sha256":""# + Hex.encode(SHA256.hash(Array(body.utf8))) + "\"}\n"
      try $0.write("immplan.state.json.journal", line)
    },
    Case(
      "state two addresses own one object", ["apply", "-auto-approve"],
      expect: ["`immplan-web-g1` is also recorded at `image.web`; one object cannot have two addresses"]
    ) {
      try $0.editJSON(state) { json in
        var resources = json["resources"] as? [String: Any] ?? [:]
        resources["image.zzz"] = resources["image.web"]
        json["resources"] = resources
      }
    },
    Case(
      "state 10 MB lineage", ["apply", plan],
      expect: ["invalid at `$.lineage`: is 10000000 bytes long; a lineage has at most 256"]
    ) {
      try $0.editJSON(state) { $0["lineage"] = repeated("x", 10_000_000) }
    },
  ]

  static let planFileCases: [Case] = [
    Case(
      "plan truncated", ["apply", plan],
      expect: ["plan file `plan.json` is not valid JSON (truncated?)", "; nothing was changed"]
    ) {
      try $0.truncate(plan, before: "\"operations\"")
    },
    Case(
      "plan empty", ["apply", plan],
      expect: ["plan file `plan.json` is not valid JSON", "the file is empty at line 1, column 1"]
    ) {
      try $0.write(plan, "")
    },
    Case(
      "plan checksum mismatch", ["apply", plan],
      expect: ["plan file `plan.json` was modified after it was saved: checksum 0"]
    ) {
      try $0.replace(plan, "\"checksum\": \"", with: "\"checksum\": \"0")
    },
    Case("plan content edited", ["apply", plan], expect: ["plan file `plan.json` was modified after it was saved"]) {
      try $0.replace(plan, "t3.small", with: "t3.large")
    },
    Case(
      "plan newer format_version", ["apply", plan],
      expect: ["plan file `plan.json` has format version 3, newer than this build understands (2)"]
    ) {
      try $0.replace(plan, "\n  \"format_version\": 2", with: "\n  \"format_version\": 3")
    },
    Case("plan format_version 0", ["apply", plan], expect: ["plan file `plan.json` has unsupported format version 0"]) {
      try $0.replace(plan, "\n  \"format_version\": 2", with: "\n  \"format_version\": 0")
    },
    Case(
      "plan invalid UTF-8", ["apply", plan],
      expect: ["plan file `plan.json` is not valid JSON", "invalid UTF-8 in string"]
    ) {
      try $0.replace(plan, "t3.small", with: Array("t3.".utf8) + [0xFF])
    },
    Case("plan 100k nested arrays", ["apply", plan], expect: ["nesting deeper than 512 levels"]) {
      try $0.write(plan, repeated("[", 100_000) + repeated("]", 100_000))
    },
    Case(
      "plan missing", ["apply", "nope.json"], expect: ["cannot read plan file `nope.json`: no such file or directory"]
    ) { _ in },
    Case(
      "plan is the state file", ["apply", state],
      expect: ["`immplan.state.json` is not an immplan plan file: it looks like a state file"]
    ) { _ in },
    Case(
      "plan for a later serial", ["apply", plan],
      expect: ["the state has changed since this plan was made (serial 5, the plan was made at serial 1)"]
    ) {
      try $0.replace(state, "\"serial\": 1", with: "\"serial\": 5")
    },
    Case(
      "plan for other state content", ["apply", plan],
      expect: ["the state has changed since this plan was made", "nothing was changed"]
    ) {
      try $0.replace(state, "t3.small", with: "t3.large")
    },
    Case("plan applied twice", ["apply", plan], expect: ["was already applied or interrupted; nothing was changed"]) {
      try $0.run(["apply", plan])
    },
    Case(
      "plan -expect-checksum mismatch", ["apply", "-expect-checksum", repeated("ab", 32), plan],
      expect: ["the plan file is not the approved one", "-expect-checksum wants abab"]
    ) { _ in },
    Case(
      "plan variables differ", ["apply", plan, "-var", "app_version=3"],
      expect: ["the variables differ from the plan's: `app_version`"]
    ) { _ in },
    Case(
      "plan resealed wrong type", ["apply", plan],
      expect: ["plan file `plan.json`: `$.changes[0].planned.generation`: expected an integer, found a string"]
    ) {
      try $0.replace(plan, "\"generation\": 2", with: "\"generation\": \"2\"")
      try $0.resealPlan()
    },
    Case(
      "plan resealed dependency cycle", ["apply", plan],
      expect: ["`$.operations[0].depends_on`: `create fleet.web` is not an earlier operation"]
    ) {
      try $0.replace(
        plan, "\"depends_on\": []", after: "\"operations\"", with: "\"depends_on\": [\"create fleet.web\"]")
      try $0.resealPlan()
    },
    Case(
      "plan resealed unknown action", ["apply", plan],
      expect: ["`$.operations[0].action`: expected `create`, `destroy`, `record_settings` or `promote`, found `modify`"]
    ) {
      try $0.replace(plan, "\"action\": \"create\"", after: "\"operations\"", with: "\"action\": \"modify\"")
      try $0.resealPlan()
    },
    Case(
      "plan resealed huge serial", ["apply", plan],
      expect: ["`$.prior_state.serial`: expected an integer, found the number 1e400"]
    ) {
      try $0.replace(plan, "\"serial\": 1", with: "\"serial\": 1e400")
      try $0.resealPlan()
    },
    Case(
      "plan resealed broken configuration", ["apply", plan],
      expect: [
        "error[E0208]: expected an expression", "--> <plan>/main.imm.hcl:12:13", "cannot load the plan's configuration",
      ]
    ) {
      try $0.replace(plan, #"latency = \"0s\""#, with: "latency = ")
      try $0.resealPlan()
    },
  ]

  static let lockCases: [Case] = [
    Case(
      "lock held with 100 KB of info", ["plan"], expect: ["state `./immplan.state.json` is locked"],
      heldLock: #"{"id":"x","operation":"apply","pid":1,"time":"2026-11-25T21:00:00Z","who":""# + repeated("w", 100_000)
        + #""}"#
    ) { _ in },
    Case("lock garbage, not held: plan", ["plan"], status: 0, expect: ["No changes"]) {
      try $0.write(lock, Array("garbage{{".utf8) + [0xFF, 0x00])
    },
    Case("lock garbage, not held: apply", ["apply", "-auto-approve"], status: 0, expect: ["No changes"]) {
      try $0.write(lock, repeated("x", 1_000_000))
    },
    Case(
      "lock garbage, not held: force-unlock", ["force-unlock", "0c1d2e3f-lock"],
      expect: ["state `./immplan.state.json` is not locked"]
    ) {
      try $0.write(lock, "garbage")
    },
    Case("lock a directory", ["plan"], expect: ["cannot open `./immplan.state.json.lock`: is a directory"]) {
      try $0.makeDirectory(lock)
    },
    Case(
      "lock held: plan waits, then times out", ["plan", "-lock-timeout", "300ms"],
      expect: ["timed out after 0.3s waiting for the lock on state `./immplan.state.json` \(holderText)"],
      heldLock: holderInfo
    ) { _ in },
    Case(
      "lock held: apply", ["apply", "-auto-approve", "-var", "app_version=2"],
      expect: ["state `./immplan.state.json` is locked \(holderText)"], heldLock: holderInfo
    ) { _ in },
    Case("lock held: apply plan file", ["apply", plan], expect: ["is locked \(holderText)"], heldLock: holderInfo) {
      _ in
    },
    Case(
      "lock held with garbage", ["plan"], expect: ["state `./immplan.state.json` is locked"], heldLock: "garbage\u{0}"
    ) { _ in },
    Case(
      "lock held: force-unlock with the wrong ID", ["force-unlock", "999"],
      expect: ["lock ID `999` does not match the lock on state `./immplan.state.json` \(holderText)"],
      heldLock: holderInfo
    ) { _ in },
    Case("lock malformed -lock-timeout", ["plan", "-lock-timeout", "soon"], expect: ["-lock-timeout"]) { _ in },
  ]

  static let simCases: [Case] = [
    Case(
      "sim object garbage: plan -refresh", ["plan", "-refresh"],
      expect: [
        "error: cannot read fleet.web (immplan-web-g1): SimCorruptObject: ./\(F.fleetObject) is not a sim object: not valid JSON",
        "could not plan",
      ]
    ) {
      try $0.write(F.fleetObject, "garbage\n")
    },
    Case(
      "sim object truncated: plan -refresh", ["plan", "-refresh"],
      expect: ["SimCorruptObject: ./\(F.fleetObject) is not a sim object: not valid JSON"]
    ) {
      try $0.truncate(F.fleetObject, before: "\"identity\"")
    },
    Case(
      "sim object empty: plan -refresh", ["plan", "-refresh", "-out", "new.plan"],
      expect: ["SimCorruptObject: ./\(F.imageObject) is not a sim object"]
    ) {
      try $0.write(F.imageObject, "")
    },
    Case(
      "sim object wrong types: plan -refresh", ["plan", "-refresh"],
      expect: ["SimCorruptObject: ./\(F.fleetObject) is not a sim object: a field is missing or has the wrong type"]
    ) {
      try $0.replace(F.fleetObject, "\"kind\": \"fleet\"", with: "\"kind\": 7")
    },
    Case(
      "sim object 100k nested: plan -refresh", ["plan", "-refresh"],
      expect: ["SimCorruptObject: ./\(F.fleetObject) is not a sim object"]
    ) {
      try $0.write(F.fleetObject, repeated("[", 100_000) + repeated("]", 100_000))
    },
    Case(
      "sim object a directory: plan -refresh", ["plan", "-refresh"],
      expect: ["SimCorruptObject: ./\(F.fleetObject) is a directory, not a sim object"]
    ) {
      try $0.makeDirectory(F.fleetObject)
    },
    Case(
      "sim object garbage where apply creates", ["apply", plan],
      expect: [
        "image.web: SimCorruptObject: ./\(F.plannedImageObject) is not a sim object: not valid JSON", "Apply failed",
      ], mayChange: [state, state + ".backup"]
    ) {
      try $0.write(F.plannedImageObject, "garbage\n")
    },
    Case(
      "sim object wrong types where apply creates", ["apply", "-auto-approve", "-var", "app_version=2"],
      expect: ["image.web: SimCorruptObject", "a field is missing or has the wrong type"],
      mayChange: [state, state + ".backup"]
    ) {
      try $0.write(F.plannedImageObject, #"{"kind": "image", "id": 1}"#)
    },
    Case(
      "sim directory where apply creates", ["apply", plan],
      expect: ["image.web: SimCorruptObject: ./\(F.plannedImageObject) is a directory, not a sim object"],
      mayChange: [state, state + ".backup"]
    ) {
      try $0.makeDirectory(F.plannedImageObject)
    },
  ]

  @Test(arguments: stateCases + moreStateCases) func state(_ testCase: Case) throws { try testCase.check() }

  @Test(arguments: planFileCases) func planFile(_ testCase: Case) throws { try testCase.check() }

  @Test(arguments: lockCases) func lockFile(_ testCase: Case) throws { try testCase.check() }

  @Test(arguments: simCases) func simObjects(_ testCase: Case) throws { try testCase.check() }
}
