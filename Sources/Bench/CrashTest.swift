import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The crash test at benchmark scale (issue 6, item 2; BRIEF §5): `immplan apply` of `groups`
/// fresh groups on the sim (latency, `-parallelism 100`) is killed with SIGKILL at `kills` seeded
/// random instants, each kill followed by a plain rerun, until a run completes. Then the directory
/// must hold exactly what the state says: every address recorded once (a current object, no
/// leftover generation), every sim object recorded in the state (no orphan), at most one object
/// per planned name and per address (no duplicate), no journal left unfolded, and a plan with no
/// changes. The kill instants are deterministic for a seed; what each kill interrupts depends
/// on timing, which is the point.
struct CrashTest {
  /// `--skip-crash`, `--crash-groups N` (default 1000), `--crash-kills K` (default 5), read from
  /// the command line here so the driver's own flags stay as they are.
  struct Settings {
    var skip = false
    var groups = 1000
    var kills = 5

    init(arguments: [String]) {
      skip = arguments.contains("--skip-crash")
      for (index, argument) in arguments.enumerated() where index + 1 < arguments.count {
        if argument == "--crash-groups", let value = Int(arguments[index + 1]), value > 0 { groups = value }
        if argument == "--crash-kills", let value = Int(arguments[index + 1]), value >= 0 { kills = value }
      }
    }
  }

  var immplan: String
  var directory: String
  var groups: Int
  var latencyMilliseconds: Int
  var kills: Int
  var seed: UInt64

  /// Kill instants are drawn uniformly from this range of seconds after a run starts: 5–35% of
  /// the uninterrupted apply's bound (BRIEF §8: `max(longest chain, operations / 100) x latency`)
  /// after 0.1 s of start-up, so each kill lands mid-apply and every rerun still has work left.
  var window: ClosedRange<Double> {
    let bound = max(3, (Double(groups * 3) / 100).rounded(.up)) * Double(latencyMilliseconds) / 1000
    return (0.1 + 0.05 * bound)...(0.1 + 0.35 * bound)
  }

  struct Figures {
    var kills = 0
    var runs = 0
    /// Runs that exited non-zero without being killed (each followed by another run).
    var failedRuns = 0
    var totalSeconds = 0.0
    /// From the last kill until a run completed (the reruns' own recovery and remaining work).
    var recoverySeconds = 0.0
    var killInstants: [Double] = []
    /// Sim objects present right after each kill: proof that the kills landed mid-apply.
    var objectsAtKills: [Int] = []
    var finalExit: Int32 = -1
    var simObjects = 0
    var recorded = 0
    var orphans = 0
    var duplicates = 0
    /// Recorded current objects with no sim object.
    var missing = 0
    /// Addresses recorded with more than one object (a pending or deposed generation left over).
    var extraGenerations = 0
    var journalFolded = false
    /// Temporary files of sim writes cut short by a kill (`.ID.….tmp`): not objects, counted apart.
    var temporaries = 0
    /// `immplan plan -detailed-exitcode` afterwards: 0 means nothing left to do.
    var planExit: Int32 = -1

    var isConverged: Bool {
      finalExit == 0 && orphans == 0 && duplicates == 0 && missing == 0 && extraGenerations == 0 && journalFolded
        && planExit == 0 && recorded == simObjects
    }
  }

  func run() throws -> Figures {
    try Workload.fresh(groups: groups, seed: seed, latency: "\(latencyMilliseconds)ms", directory: directory)
    var random = SplitMix64(seed: seed &+ 0x5EED)
    var figures = Figures()
    let arguments = ["apply", directory, "-auto-approve", "-parallelism", "100"]
    let start = now()
    var lastKill = start
    while true {
      let pid = try spawn(immplan, arguments)
      figures.runs += 1
      var killAt: Double?
      if figures.kills < kills {
        let fraction = Double(random.next() >> 11) / Double(1 << 53)
        killAt = window.lowerBound + fraction * (window.upperBound - window.lowerBound)
      }
      if let status = wait(pid, killingAfter: killAt) {
        figures.finalExit = status
        if status == 0 { break }
        figures.failedRuns += 1  // a rerun that failed on its own: run again, as a user would
      } else {
        figures.kills += 1
        figures.killInstants.append(killAt ?? 0)
        figures.objectsAtKills.append(simObjectFileCount())
        lastKill = now()
      }
      guard figures.runs < kills + 10 else { break }
    }
    let end = now()
    figures.totalSeconds = end - start
    figures.recoverySeconds = figures.kills > 0 ? end - lastKill : 0
    try verify(&figures)
    figures.planExit = wait(try spawn(immplan, ["plan", directory, "-detailed-exitcode"]), killingAfter: nil) ?? -1
    return figures
  }

  /// Compares the sim directory with the state.
  private func verify(_ figures: inout Figures) throws {
    let manager = FileManager.default
    let statePath = directory + "/immplan.state.json"
    figures.journalFolded = !manager.fileExists(atPath: statePath + ".journal")
    guard let data = manager.contents(atPath: statePath),
      let state = try JSONSerialization.jsonObject(with: data) as? [String: Any],
      let resources = state["resources"] as? [String: Any]
    else { throw BenchError("crash test: no readable state at \(statePath)") }

    var recordedNames = Set<String>()
    var currentNames = Set<String>()
    for (address, value) in resources {
      let kind = String(address.prefix { $0 != "." })
      guard let resource = value as? [String: Any] else { continue }
      var objects = 0
      if let current = resource["current"] as? [String: Any], let name = current["name"] as? String {
        objects += 1
        recordedNames.insert("\(kind)/\(name)")
        currentNames.insert("\(kind)/\(name)")
      }
      for generation in resource["generations"] as? [[String: Any]] ?? [] {
        objects += 1
        if let name = generation["name"] as? String { recordedNames.insert("\(kind)/\(name)") }
      }
      if objects == 1 { figures.recorded += 1 } else { figures.extraGenerations += 1 }
    }

    var byName: [String: Int] = [:]
    var byAddress: [String: Int] = [:]
    let root = directory + "/.immplan/sim"
    for kind in ["image", "launch_template", "fleet"] {
      for file in (try? manager.contentsOfDirectory(atPath: root + "/" + kind)) ?? [] {
        if file.hasPrefix(".") {
          figures.temporaries += 1
          continue
        }
        guard file.hasSuffix(".json"), let bytes = manager.contents(atPath: root + "/" + kind + "/" + file),
          let object = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any],
          let name = object["name"] as? String
        else {
          figures.orphans += 1  // unreadable: nothing in the state can account for it
          continue
        }
        figures.simObjects += 1
        byName["\(kind)/\(name)", default: 0] += 1
        byAddress[object["address"] as? String ?? "?", default: 0] += 1
        if !recordedNames.contains("\(kind)/\(name)") { figures.orphans += 1 }
      }
    }
    figures.duplicates =
      byName.values.filter { $0 > 1 }.reduce(0) { $0 + $1 - 1 }
      + byAddress.values.filter { $0 > 1 }.reduce(0) {
        $0 + $1 - 1
      }
    figures.missing = currentNames.subtracting(byName.keys).count
  }

  /// Object files in the sim directory now.
  private func simObjectFileCount() -> Int {
    ["image", "launch_template", "fleet"].reduce(0) { count, kind in
      let files = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/.immplan/sim/" + kind)) ?? []
      return count + files.filter { !$0.hasPrefix(".") }.count
    }
  }

  /// Starts `path arguments…` with stdout and stderr discarded.
  private func spawn(_ path: String, _ arguments: [String]) throws -> pid_t {
    guard let pid = spawnQuietly(path, arguments) else { throw BenchError("crash test: cannot start \(path)") }
    return pid
  }

  /// The exit status of `pid`, or nil when it was still running `seconds` after now and was
  /// killed with SIGKILL then (nil `seconds`: wait for it).
  private func wait(_ pid: pid_t, killingAfter seconds: Double?) -> Int32? {
    var status: Int32 = 0
    if let seconds {
      let deadline = now() + seconds
      while now() < deadline {
        if waitpid(pid, &status, WNOHANG) == pid { return exitStatus(status) }
        usleep(2_000)
      }
      kill(pid, SIGKILL)
      waitpid(pid, &status, 0)
      // It may have finished between the last poll and the kill.
      return status & 0x7f == 0 ? exitStatus(status) : nil
    }
    waitpid(pid, &status, 0)
    return exitStatus(status)
  }

  private func exitStatus(_ status: Int32) -> Int32 {
    status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
  }
}
