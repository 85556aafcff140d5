import ImmplanParser
import ImmplanPlanner
import ImmplanSupport
import TestSupport
import Testing

/// Planning, the plan file and the state file give the same result at one thread and at eight,
/// on inputs that reach every parallel path of the planner: `DesiredResource.all` in chunks of
/// 4,096 resources and the differ's dependency levels (in parallel from 64 resources; here every
/// level has hundreds) on a configuration of 8,401 resources, and the JSON escaping of strings
/// over 1 MB (a plan's embedded configuration, a long description in a state).
///
/// The plans are compared whole (`==`) and as rendered; plan-file and state bytes are compared on
/// smaller plans and states with one long string, because encoding the large ones takes some
/// 10 s each in a debug build and the bytes depend on the width only through that string's
/// escaping (``Plan`` equality covers the rest).
@Suite struct ParallelPlanParityTests {
  static let wide = Parallel(width: 8)
  static let groups = 2_800

  /// The configuration, and the same with every 7th image changed. Loaded once, at the default
  /// width (``ParallelLoadParityTests`` compares loads).
  static let original = load(LargeConfiguration(groups: groups).text())
  static let changed = load(LargeConfiguration(groups: groups, changedEvery: 7).text())
  static let empty = State(lineage: "parallel-parity", digestKey: DigestKey(bytes: Array(repeating: 5, count: 32)))

  /// What applying the original's create plan leaves.
  static let applied: State = {
    let plan = Planner.plan(request(original, empty, parallelism: .serial)).plan!
    return simulateApply(plan, desired: DesiredResource.all(in: original.graph!), to: empty)
  }()

  /// 1.2 MB of comment lines full of what JSON escapes, to put a long string in a plan file.
  static let longText = String(repeating: "# \"quoted\" \\ back\tslash \u{07} é 😀\n", count: 36_000)

  static func load(_ text: String) -> LoadResult {
    Frontend.load(
      LoadOptions(directory: "config"),
      fileSystem: InMemoryFileSystem(directory: "config", files: ["main.imm.hcl": text]))
  }

  static func request(_ load: LoadResult, _ state: State, parallelism: Parallel) -> PlanRequest {
    PlanRequest(
      graph: load.graph!, sources: load.sources, syntax: load.files, state: state,
      stateDigest: "parity-\(state.serial)", isNewState: state.serial == 0, mode: .normal, replaceAddresses: [],
      parallelism: parallelism)
  }

  static func plan(_ load: LoadResult, _ state: State, parallelism: Parallel) throws -> Plan {
    let outcome = Planner.plan(request(load, state, parallelism: parallelism))
    return try #require(outcome.plan, "\(outcome.diagnostics.prefix(3).map(\.message))")
  }

  /// The plans and their renderings, one `#expect` per part so a failure names it.
  static func expectSame(_ serial: Plan, _ parallel: Plan) {
    #expect(serial == parallel)
    #expect(PlanTextRenderer().render(serial) == PlanTextRenderer().render(parallel), "text rendering")
    #expect(PlanMarkdownRenderer().render(serial) == PlanMarkdownRenderer().render(parallel), "Markdown rendering")
  }

  @Test func theInputsReachTheParallelPaths() throws {
    let graph = try #require(Self.original.graph)
    let resources = LargeConfiguration(groups: Self.groups).resourceCount
    #expect(graph.resources.count == resources)
    #expect(Self.wide.chunks(resources, minimumChunk: 4096).count > 1, "DesiredResource.all")
    // Every dependency level holds at least 64 resources (the differ's threshold).
    var level: [ResourceAddress: Int] = [:]
    var sizes: [Int: Int] = [:]
    for resource in graph.resources {
      let depth = resource.dependencies.map { (level[$0] ?? 0) + 1 }.max() ?? 0
      level[resource.address] = depth
      sizes[depth, default: 0] += 1
    }
    #expect(sizes.count >= 3 && sizes.values.allSatisfy { $0 >= 64 }, "levels: \(sizes.sorted { $0.key < $1.key })")
    #expect(
      Self.longText.utf8.count >= 1 << 20 && Self.wide.chunks(Self.longText.utf8.count, minimumChunk: 1 << 19).count > 1
    )
  }

  /// Against an empty state: every resource created, level by level.
  @Test func aCreatePlanIsTheSameAtEveryWidth() throws {
    let serial = try Self.plan(Self.original, Self.empty, parallelism: .serial)
    let parallel = try Self.plan(Self.original, Self.empty, parallelism: Self.wide)
    #expect(serial.changes.count == LargeConfiguration(groups: Self.groups).resourceCount)
    Self.expectSame(serial, parallel)
  }

  /// Against the applied state, with every 7th image changed: replacements cascade through
  /// launch templates and fleets while most resources stay, so each level's decisions feed the
  /// next.
  @Test func aReplacePlanIsTheSameAtEveryWidth() throws {
    let serial = try Self.plan(Self.changed, Self.applied, parallelism: .serial)
    let parallel = try Self.plan(Self.changed, Self.applied, parallelism: Self.wide)
    #expect(serial.summary.replace >= 3 * (Self.groups / 7))
    #expect(serial.unchangedCount >= Self.groups)
    Self.expectSame(serial, parallel)
  }

  /// A plan whose embedded configuration is over 1 MB: planned and encoded at each width, the
  /// plan files are identical, and read back as the plan.
  @Test func thePlanFileIsTheSameAtEveryWidth() throws {
    let configuration = Self.load(Self.longText + LargeConfiguration(groups: 30).text())
    let serial = try Self.plan(configuration, Self.empty, parallelism: .serial)
    let parallel = try Self.plan(configuration, Self.empty, parallelism: Self.wide)
    Self.expectSame(serial, parallel)
    let file = PlanFile.encode(serial, parallelism: .serial)
    #expect(file.bytes.count >= 1 << 20)
    #expect(file.bytes == PlanFile.encode(parallel, parallelism: Self.wide).bytes, "plan file bytes")
    let read = try PlanFile.decode(file.bytes, path: "parity.plan.json")
    #expect(read.plan == serial && read.checksum == file.checksum)
  }

  /// A state with one description over 1 MB: the same bytes at each width, read back as the state.
  @Test func theStateFileIsTheSameAtEveryWidth() throws {
    let configuration = Self.load(LargeConfiguration(groups: 30).text())
    let plan = try Self.plan(configuration, Self.empty, parallelism: .serial)
    var state = simulateApply(plan, desired: DesiredResource.all(in: configuration.graph!), to: Self.empty)
    let address = ResourceAddress(kind: .fleet, name: "g12")
    state.resources[address]!.current!.record.settings.description = String(Self.longText.dropFirst(2))
    let bytes = state.canonicalBytes(parallelism: .serial)
    #expect(bytes == state.canonicalBytes(parallelism: Self.wide), "state bytes")
    #expect(try State(decoding: bytes, path: "parity.state.json") == state)
  }

  /// The state of 8,401 resources written and read back is the state, and the replace plan made
  /// against it in parallel is the one made against the state in memory on one thread.
  @Test func aPlanAgainstTheStateReadBackIsTheSame() throws {
    let bytes = Self.applied.canonicalBytes(parallelism: Self.wide)
    let read = try State(decoding: bytes, path: "parity.state.json")
    #expect(read == Self.applied)
    let fromMemory = try Self.plan(Self.changed, Self.applied, parallelism: .serial)
    let fromRead = try Self.plan(Self.changed, read, parallelism: Self.wide)
    Self.expectSame(fromMemory, fromRead)
  }
}
