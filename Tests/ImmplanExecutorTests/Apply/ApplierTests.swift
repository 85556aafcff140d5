import Foundation
import ImmplanParser
import ImmplanPlanner
import TestSupport
import Testing

@testable import ImmplanExecutor

/// The apply workflow's library parts, in process: checks that refuse a plan, the applier on the
/// sim, the variable file a plan feeds back, the summary and history texts.
@Suite struct ApplierTests {
  static let configuration = """
    variable "version" {
      type    = string
      default = "1"
    }
    variable "token" {
      type      = string
      sensitive = true
      default   = "s3cret"
    }
    image "web" {
      source    = "debian-12"
      provision = ["install ${var.version}"]
    }
    launch_template "web" {
      image         = image.web.id
      instance_type = "t3.small"
      user_data     = "token=${var.token}"
    }
    fleet "web" {
      launch_template = launch_template.web.id
      min_size        = 1
      max_size        = 1
    }
    output "fleet" {
      value = fleet.web.name
    }
    """

  func load(_ assignments: [VariableAssignment] = []) throws -> (Graph, LoadResult) {
    let result = Frontend.load(
      LoadOptions(directory: "config", variableAssignments: assignments),
      fileSystem: InMemoryFileSystem(files: ["config/main.imm.hcl": Self.configuration]))
    return (try #require(result.graph, "\(result.diagnostics.map(\.message))"), result)
  }

  func plan(_ graph: Graph, _ result: LoadResult, loaded: LoadedState) throws -> Plan {
    let outcome = Planner.plan(
      PlanRequest(
        graph: graph, sources: result.sources, state: loaded.state, stateDigest: loaded.state.stateDigest,
        isNewState: false, mode: .normal, replaceAddresses: []))
    return try #require(outcome.plan)
  }

  @Test func appliesOnTheSimAndRefusesTheSamePlanAgain() async throws {
    let directory = temporaryDirectory()
    let store = StateStore.local(path: directory + "/state.json")
    let sim = SimProvider(directory: directory + "/sim", clock: VirtualClock())
    let (graph, result) = try load()
    let session = try await StateSession.open(store: store, operation: "apply", provider: sim, createIfMissing: true)
    let plan = try plan(graph, result, loaded: session.loaded)
    let checksum = PlanFile.encode(plan).checksum
    let applier = Applier(provider: sim, clock: sim.clock, options: .init(progressInterval: nil))
    let applied = try await applier.apply(plan, checksum: checksum, graph: graph, session: session)
    #expect(applied.exitCode == 0)
    #expect(applied.version == 1)
    #expect(applied.state.history.map(\.planChecksum) == [checksum])
    #expect(applied.state.resources.count == 3)
    #expect(OutputRenderer.text(graph: graph, state: applied.state) == "fleet = \"immplan-web-g1\"\n")
    // Committed in memory: the file holds exactly the returned state, and no journal is left.
    let reloaded = try await store.load()
    #expect(reloaded.journal.isEmpty)
    #expect(reloaded.state == applied.state)
    #expect(reloaded.state.serial == 1)
    #expect(
      try Array(Data(contentsOf: URL(fileURLWithPath: directory + "/state.json"))) == applied.state.canonicalBytes)
    await session.close()

    let again = try await StateSession.open(store: store, operation: "apply", provider: sim)
    #expect(
      Applier.refusal(plan: plan, checksum: checksum, expectedChecksum: nil, loaded: again.loaded)
        == .alreadyApplied(checksum: checksum))
    var other = plan
    other.prior.serial = 99
    guard case .staleState? = Applier.refusal(plan: other, checksum: "x", expectedChecksum: nil, loaded: again.loaded)
    else {
      Issue.record("a plan for another serial must be refused")
      return
    }
    #expect(
      Applier.refusal(plan: plan, checksum: "abc", expectedChecksum: "def", loaded: again.loaded)
        == .unexpectedChecksum(expected: "def", actual: "abc"))
    await again.close()
  }

  @Test func variablesAreCheckedAgainstThePlanIncludingSecretDigests() async throws {
    let directory = temporaryDirectory()
    let store = StateStore.local(path: directory + "/state.json")
    let (graph, result) = try load()
    let loaded = try await store.load(createIfMissing: true)
    let plan = try plan(graph, result, loaded: loaded)
    #expect(!PlanVariables.variableFile(plan).contains("s3cret"))
    #expect(PlanVariables.variableFile(plan) == "version = \"1\"\n")

    let key = loaded.state.digestKey
    #expect(PlanVariables.differing(plan: plan, graph: graph, key: key) == [])
    let (otherSecret, _) = try load([.argument("token=guess")])
    #expect(PlanVariables.differing(plan: plan, graph: otherSecret, key: key) == ["token"])
    let (otherVersion, _) = try load([.argument("version=2")])
    #expect(PlanVariables.differing(plan: plan, graph: otherVersion, key: key) == ["version"])
  }

  @Test func quotedStringsNeverBecomeTemplates() {
    #expect(PlanVariables.quoted("a\"b\\c\nd") == #""a\"b\\c\nd""#)
    #expect(PlanVariables.quoted("${x} %{if}") == #""$${x} %%{if}""#)
    #expect(PlanVariables.quoted("\u{1}") == #""\u0001""#)
    #expect(
      PlanVariables.expression(.map(["b": .list([.bool(true), .null]), "a": .number(Number(3))]))
        == #"{"a" = 3, "b" = [true, null]}"#)
  }

  @Test func crashHookIgnoresMalformedSpecifications() {
    let store = StateStore.local(path: "/nonexistent/state.json")
    for text in ["", "x:before", "3", "3:during"] {
      #expect(CrashHook.wrap(store, environment: [CrashHook.variable: text]).storage is LocalStateStorage)
    }
    #expect(CrashHook.wrap(store, environment: [CrashHook.variable: "3:after"]).storage is CrashingStorage)
  }

  @Test func historyListsNewestFirstWithTheRollbackMarker() {
    let address = ResourceAddress(kind: .fleet, name: "web")
    var state = State(lineage: "l", digestKey: DigestKey(bytes: [1]))
    state.history = [
      HistoryVersion(
        number: 1, time: Timestamp(secondsSince1970: 0), planChecksum: String(repeating: "a", count: 64),
        objects: [address: HistoryObject(name: "immplan-web-g1", digest: String(repeating: "b", count: 64))]),
      HistoryVersion(
        number: 2, time: Timestamp(secondsSince1970: 60), planChecksum: String(repeating: "c", count: 64), objects: [:]),
    ]
    state.rolledBackFrom = 2
    #expect(
      HistoryRenderer.render(state) == """
        Rolled back from version 2.

        Version 2  1970-01-01T00:01:00Z  plan cccccccccccc…  (latest)

        Version 1  1970-01-01T00:00:00Z  plan aaaaaaaaaaaa…
          fleet.web  immplan-web-g1  bbbbbbbbbbbb…

        """)
  }
}
