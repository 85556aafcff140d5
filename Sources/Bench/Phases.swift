import Foundation
import ImmplanExecutor
import ImmplanParser
import ImmplanPlanner

/// One measured phase, run in a fresh child process (`immplan-bench --phase NAME ...`) so its peak
/// RSS is its own. Prints one `RESULT key=value ...` line for the driver.
enum Phase {
  static func run(_ name: String, options: [String: String]) async throws {
    var result: [String: String]
    let cpuStart = cpuSeconds()
    switch name {
    case "parse": result = try parse(file: options["file"]!)
    case "validate": result = try validate(directory: options["dir"]!)
    case "plan": result = try await plan(directory: options["dir"]!)
    case "apply":
      result = try await apply(directory: options["dir"]!, parallelism: Int(options["parallelism"] ?? "100")!)
    case "generate":
      try Workload.generate(
        groups: Int(options["size"]!)!, seed: UInt64(options["seed"] ?? "1")!, directory: options["dir"]!)
      result = [:]
    default: throw BenchError("unknown phase `\(name)`")
    }
    result["rss"] = String(peakResidentBytes())
    result["cpu"] = String(cpuSeconds() - cpuStart)
    print("RESULT " + result.keys.sorted().map { "\($0)=\(result[$0]!)" }.joined(separator: " "))
  }

  /// Syntax only (lexer + parser), best of 3.
  static func parse(file: String) throws -> [String: String] {
    let bytes = try DiskFileSystem().readFile(file)
    var best = Double.infinity
    var errors = 0
    for _ in 0..<3 {
      let source = SourceFile(id: FileID(0), path: file, bytes: bytes)
      var parsed: ParseResult?
      best = min(best, seconds { parsed = Parser.parse(source) })
      errors = parsed!.diagnostics.count
    }
    return ["seconds": String(best), "bytes": String(bytes.count), "diagnostics": String(errors)]
  }

  /// `immplan validate`'s work: the whole front end (parse, bind, evaluate, graph).
  static func validate(directory: String) throws -> [String: String] {
    var load: LoadResult?
    // As `immplan validate` loads: nothing is planned from this graph.
    let options = LoadOptions(directory: directory, keepsLoadTimeValues: false)
    let time = seconds { load = Frontend.load(options, fileSystem: DiskFileSystem()) }
    guard load!.graph != nil else { throw BenchError("validate failed: \(load!.diagnostics.first?.message ?? "")") }
    return ["seconds": String(time), "resources": String(load!.graph!.resources.count)]
  }

  /// `immplan plan DIR -out FILE`'s work, step by step, as the command does it: the state read
  /// (read, SHA-256, decode) starts on a second thread before the configuration loads, so `state`
  /// is only what is left of it after the load (`state_read`: its own wall time); then plan,
  /// render, plan file.
  static func plan(directory: String) async throws -> [String: String] {
    let start = now()
    let statePath = directory + "/immplan.state.json"
    let prefetch = StatePrefetch.start(path: statePath)
    let load = Frontend.load(LoadOptions(directory: directory), fileSystem: DiskFileSystem())
    guard let graph = load.graph else { throw BenchError("plan: configuration does not load") }
    let loaded = now()
    let rssLoaded = residentBytes()
    let peakLoaded = peakResidentBytes()
    var store = StateStore.local(path: statePath)
    store.prefetch = prefetch
    let stored = try await store.load()
    let state = stored.state
    let stateRead = now()
    let rssState = residentBytes()
    let digest = stored.stateDigest
    let request = PlanRequest(
      graph: graph, sources: load.sources, state: state, stateDigest: digest, isNewState: false, mode: .normal,
      replaceAddresses: [])
    let peakRequest = peakResidentBytes()
    let outcome = Planner.plan(request)
    guard let plan = outcome.plan else { throw BenchError("plan failed: \(outcome.diagnostics.first?.message ?? "")") }
    let planned = now()
    let rssPlanned = residentBytes()
    let peakPlanned = peakResidentBytes()
    // As `immplan plan -out` saves it (atomically, fsync, the hash beside the write).
    let planPath = directory + "/bench.plan"
    let checksum = try PlanFile.save(plan, to: planPath)
    let text = PlanRenderer.render(plan, as: .text(color: false), checksum: checksum)
    let end = now()
    // As `immplan plan` does (keepUntilExit): the request (state, desired resources) is not freed
    // value by value inside the timed run; the process exit reclaims it.
    withExtendedLifetime(request) {}
    let changes = plan.changes.filter { if case .keep = $0.change { false } else { true } }.count
    let stateOwn = prefetch.waitForTiming().map {
      Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18
    }
    return [
      "seconds": String(end - start), "load": String(loaded - start), "state": String(stateRead - loaded),
      "state_read": String(stateOwn ?? -1), "diff": String(planned - stateRead), "output": String(end - planned),
      "planbytes": String(fileSize(planPath)), "changes": String(changes), "textbytes": String(text.utf8.count),
      "rss_load": String(rssLoaded), "rss_state": String(rssState), "rss_diff": String(rssPlanned),
      "peak_load": String(peakLoaded), "peak_diff": String(peakPlanned),
      "peak_request": String(peakRequest),
    ]
  }

  /// The apply path (`immplan plan -out` then `immplan apply FILE`, as the apply command wires it):
  /// plan against a fresh state, then the ``Applier`` with the sim provider of the configuration,
  /// every operation journaled and the journal folded into the state.
  static func apply(directory: String, parallelism: Int) async throws -> [String: String] {
    let load = Frontend.load(LoadOptions(directory: directory), fileSystem: DiskFileSystem())
    guard let graph = load.graph else { throw BenchError("apply: configuration does not load") }
    let provider = try ProviderFactory.provider(
      graph.providers, configurationDirectory: directory, environment: [:]
    ).get()
    let store = StateStore.local(path: directory + "/immplan.state.json")
    let session = try await StateSession.open(
      store: store, operation: "apply", provider: provider, createIfMissing: true)
    let outcome = Planner.plan(
      PlanRequest(
        graph: graph, sources: load.sources, state: session.loaded.state, stateDigest: session.loaded.stateDigest,
        isNewState: session.loaded.stored == nil, mode: .normal, replaceAddresses: []))
    guard let plan = outcome.plan else { throw BenchError("apply: plan failed") }
    let file = PlanFile.encode(plan)
    let applier = Applier(
      provider: provider, options: Executor.Options(parallelism: parallelism, progressInterval: nil))
    let start = now()
    let result = try await applier.apply(plan, checksum: file.checksum, graph: graph, session: session)
    let elapsed = now() - start
    await session.close()
    let operations = try plan.executionOperations().count
    return [
      "seconds": String(elapsed), "operations": String(operations), "exit": String(result.exitCode),
      "recorded": String(result.state.resources.count),
    ]
  }
}

/// Generated directories: `main.imm.hcl` (+ `immplan.state.json` where a state is wanted).
enum Workload {
  /// `directory/same` (configuration + matching state) and `directory/changed` (1% of the images
  /// changed, same state).
  static func generate(groups: Int, seed: UInt64, directory: String) throws {
    let manager = FileManager.default
    let marker = directory + "/complete"
    let stamp = "groups=\(groups) seed=\(seed) generator=1\n"
    if (try? String(contentsOfFile: marker, encoding: .utf8)) == stamp { return }
    try? manager.removeItem(atPath: directory)
    for sub in ["same", "changed"] {
      try manager.createDirectory(atPath: "\(directory)/\(sub)", withIntermediateDirectories: true)
    }
    let same = ConfigurationGenerator(groups: groups, seed: seed)
    try same.text().write(toFile: "\(directory)/same/main.imm.hcl", atomically: false, encoding: .utf8)
    let changed = ConfigurationGenerator(groups: groups, seed: seed, changedFraction: 0.01)
    try changed.text().write(toFile: "\(directory)/changed/main.imm.hcl", atomically: false, encoding: .utf8)
    let load = Frontend.load(LoadOptions(directory: "\(directory)/same"), fileSystem: DiskFileSystem())
    let state = try StateGenerator.state(for: load)
    let bytes = Data(state.canonicalBytes)
    try bytes.write(to: URL(fileURLWithPath: "\(directory)/same/immplan.state.json"))
    try bytes.write(to: URL(fileURLWithPath: "\(directory)/changed/immplan.state.json"))
    try stamp.write(toFile: marker, atomically: true, encoding: .utf8)
  }

  /// A fresh directory of `groups` groups on the sim with `latency`, no state.
  static func fresh(groups: Int, seed: UInt64, latency: String, directory: String) throws {
    let manager = FileManager.default
    try? manager.removeItem(atPath: directory)
    try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let text = ConfigurationGenerator(groups: groups, seed: seed, simLatency: latency).text()
    try text.write(toFile: directory + "/main.imm.hcl", atomically: false, encoding: .utf8)
  }
}
