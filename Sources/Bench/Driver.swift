import Foundation

/// Runs every measurement, prints the table and writes the JSON.
struct Driver {
  var sizes: [Int]
  var seed: UInt64
  var work: String
  var jsonPath: String?
  var oracle: String?
  var oracleMax: Int
  var skipApply: Bool
  /// How many times `validate` and each `plan` run per size; the median run is reported (this
  /// machine is shared: one slow spell should not be the figure), the fastest and slowest too.
  var runs: Int
  /// Only the apply measurements (no sizes, no start-up).
  var applyOnly: Bool
  let me: String
  let immplan: String

  init(options: [String: String], skipApply: Bool, applyOnly: Bool = false) {
    sizes =
      applyOnly ? [] : (options["sizes"] ?? "1000,10000,30000,33334").split(separator: ",").compactMap { Int($0) }
    seed = UInt64(options["seed"] ?? "1") ?? 1
    work = options["work"] ?? "/tmp/immplan-bench"
    jsonPath = options["json"]
    let defaultOracle = "/tmp/hcloracle/hcloracle"
    oracle = options["oracle"] ?? (FileManager.default.isExecutableFile(atPath: defaultOracle) ? defaultOracle : nil)
    oracleMax = Int(options["oracle-max"] ?? "10000") ?? 10_000
    runs = max(1, Int(options["runs"] ?? "3") ?? 3)
    self.skipApply = skipApply && !applyOnly
    self.applyOnly = applyOnly
    me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    immplan = (me as NSString).deletingLastPathComponent + "/immplan"
  }

  struct Row {
    var groups: Int
    var figures: [String: Double] = [:]
  }

  func child(_ phase: String, _ arguments: [String]) throws -> [String: Double] {
    let result = try runProcess(me, ["--phase", phase] + arguments)
    guard result.status == 0 else { throw BenchError("phase \(phase) \(arguments) failed (exit \(result.status))") }
    return fields(result.output).compactMapValues(Double.init)
  }

  /// Runs `phase` ``runs`` times, each in a fresh child: the figures of the run with the median
  /// `seconds`, and every run's seconds in order of measurement.
  func medianChild(_ phase: String, _ arguments: [String]) throws -> (figures: [String: Double], seconds: [Double]) {
    var results: [[String: Double]] = []
    for _ in 0..<runs { results.append(try child(phase, arguments)) }
    let seconds = results.map { $0["seconds"] ?? .infinity }
    let median = results.indices.sorted { seconds[$0] < seconds[$1] }[results.count / 2]
    return (results[median], seconds)
  }

  /// `label_seconds_min`, `_max` and `_runs` (the count) of `seconds`.
  func recordRuns(_ seconds: [Double], as label: String, in row: inout Row) {
    row.figures["\(label)_seconds_min"] = seconds.min()
    row.figures["\(label)_seconds_max"] = seconds.max()
    row.figures["\(label)_runs"] = Double(seconds.count)
  }

  /// `immplan fmt -check FILE` through the release binary, as a user runs it (start-up, read,
  /// check, layout, compare; exit 3 when the file would change): one warm-up, then five runs,
  /// each a fresh process. The median run's speed, every run's seconds, the largest peak RSS.
  func measureFormat(_ file: String, into row: inout Row) throws {
    let arguments = ["fmt", "-check", file]
    _ = spawnMeasured(immplan, arguments)
    var seconds: [Double] = []
    var peak = 0
    for _ in 0..<5 {
      guard let run = spawnMeasured(immplan, arguments), run.status == 0 || run.status == 3 else {
        throw BenchError("`immplan fmt -check \(file)` failed")
      }
      seconds.append(run.seconds)
      peak = max(peak, run.peakBytes)
    }
    row.figures["fmt_seconds"] = median(seconds)
    row.figures["fmt_mb_per_s"] = row.figures["bytes"]! / 1e6 / median(seconds)
    row.figures["fmt_rss_mb"] = Double(peak) / 1e6
    recordRuns(seconds, as: "fmt", in: &row)
  }

  func log(_ text: String) {
    FileHandle.standardError.write(Data("[\(String(format: "%.2f", loadAverage())) load] \(text)\n".utf8))
  }

  func run() async throws {
    var rows: [Row] = []
    var json: [String: Any] = ["machine": machine(), "seed": seed, "sizes": sizes]
    for groups in sizes {
      var row = Row(groups: groups)
      let directory = "\(work)/\(groups)"
      log("generating \(groups) groups in \(directory)")
      _ = try child("generate", ["--size", String(groups), "--seed", String(seed), "--dir", directory])
      // Generated files written back to disk while phases run would be measured with them.
      sync()
      let file = directory + "/same/main.imm.hcl"
      row.figures["load_average"] = loadAverage()
      let parse = try child("parse", ["--file", file])
      row.figures["bytes"] = parse["bytes"]
      row.figures["parse_seconds"] = parse["seconds"]
      row.figures["parse_mb_per_s"] = parse["bytes"]! / 1e6 / parse["seconds"]!
      log("validate \(groups) groups")
      let (validate, validateRuns) = try medianChild("validate", ["--dir", directory + "/same"])
      recordRuns(validateRuns, as: "validate", in: &row)
      row.figures["validate_seconds"] = validate["seconds"]
      row.figures["validate_rss_mb"] = validate["rss"]! / 1e6
      row.figures["validate_cpu_seconds"] = validate["cpu"]
      for (label, sub) in [("plan_same", "same"), ("plan_changed", "changed")] {
        log("\(label) \(groups) groups")
        let (plan, planRuns) = try medianChild("plan", ["--dir", "\(directory)/\(sub)"])
        recordRuns(planRuns, as: label, in: &row)
        row.figures["\(label)_seconds"] = plan["seconds"]
        row.figures["\(label)_rss_mb"] = plan["rss"]! / 1e6
        row.figures["\(label)_cpu_seconds"] = plan["cpu"]
        row.figures["\(label)_load_s"] = plan["load"]
        row.figures["\(label)_state_s"] = plan["state"]
        row.figures["\(label)_state_read_s"] = plan["state_read"]
        row.figures["\(label)_diff_s"] = plan["diff"]
        row.figures["\(label)_output_s"] = plan["output"]
        row.figures["\(label)_file_bytes"] = plan["planbytes"]
        row.figures["\(label)_changes"] = plan["changes"]
      }
      row.figures["load_average_end"] = loadAverage()
      rows.append(row)
      log("done \(groups): \(row.figures.keys.sorted().map { "\($0)=\(row.figures[$0]!)" }.joined(separator: " "))")
    }
    // HashiCorp's parser runs after all of immplan's phases: it peaks at ~3 GB for the largest
    // file, and a phase started right after it ran up to 40% slower while that memory was being
    // reclaimed (validate of 33,334 groups: 3.04 s once, 2.2 s otherwise), which measured the
    // harness, not immplan. `fmt -check` runs here, just before hclsyntax on the same file: its
    // budget is a ratio measured side by side, and the load of this shared machine moves within
    // minutes. After a hclsyntax run it waits a few seconds for that memory to be reclaimed.
    let hasImmplan = FileManager.default.isExecutableFile(atPath: immplan)
    for index in rows.indices {
      let groups = rows[index].groups
      let file = "\(work)/\(groups)/same/main.imm.hcl"
      if hasImmplan {
        if index > 0, oracle != nil, rows[index - 1].groups <= oracleMax { try await Task.sleep(for: .seconds(3)) }
        log("fmt -check \(groups) groups")
        try measureFormat(file, into: &rows[index])
      }
      guard let oracle, groups <= oracleMax else { continue }
      log("hclsyntax on \(groups) groups")
      let output = try runProcess(oracle, ["-bench", "3", file]).output
      let words = output.split(whereSeparator: { $0 == " " || $0 == "\n" })
      /// The value of `name=` in hcloracle's output, when positive.
      func figure(_ name: String) -> Double? {
        guard let word = words.first(where: { $0.hasPrefix(name + "=") }),
          let value = Double(word.dropFirst(name.count + 1)), value > 0
        else { return nil }
        return value
      }
      if let speed = figure("best_MBps") {
        rows[index].figures["hclsyntax_mb_per_s"] = speed
        rows[index].figures["parse_ratio"] = rows[index].figures["parse_mb_per_s"]! / speed
      }
      // fmt's figure is a median of runs, so it is set against hclsyntax's median.
      if let speed = figure("median_MBps") {
        rows[index].figures["hclsyntax_median_mb_per_s"] = speed
        rows[index].figures["fmt_ratio"] = rows[index].figures["fmt_mb_per_s"].map { $0 / speed }
      }
    }
    json["sizes_results"] = rows.map { row -> [String: Any] in
      var entry: [String: Any] = ["groups": row.groups, "resources": row.groups * 3]
      for (key, value) in row.figures { entry[key] = value }
      return entry
    }

    var extras: [(String, String)] = []
    // Start-up: `immplan version` and `validate` of a one-group configuration, 20 runs each, median.
    if applyOnly {
      // Only the apply budget below.
    } else if FileManager.default.isExecutableFile(atPath: immplan) {
      let small = work + "/small"
      try Workload.fresh(groups: 1, seed: seed, latency: "0s", directory: small)
      for (label, arguments) in [("version", ["version"]), ("validate_small", ["validate", small])] {
        _ = spawnSeconds(immplan, arguments)
        let times = (0..<20).compactMap { _ in spawnSeconds(immplan, arguments) }
        let load = loadAverage()
        guard times.count == 20 else {
          extras.append((label, "failed"))
          continue
        }
        json["\(label)_seconds"] = median(times)
        json["\(label)_load_average"] = load
        extras.append(
          (
            "`immplan \(arguments.joined(separator: " ").replacingOccurrences(of: small, with: "<1 group>"))` start-up",
            String(
              format: "%.1f ms median of 20 (min %.1f ms), budget < 50 ms: %@ (load %.2f)", median(times) * 1000,
              times.min()! * 1000, median(times) < 0.05 ? "met" : "MISSED", load)
          ))
      }
    } else {
      extras.append(("start-up", "skipped: no release `immplan` next to immplan-bench (run `swift build -c release`)"))
    }
    // Apply on the sim: 1,000 fresh groups, latency 200 ms, parallelism 100; bound 6.0 s.
    if !skipApply {
      let directory = work + "/apply"
      try Workload.fresh(groups: 1000, seed: seed, latency: "200ms", directory: directory)
      log("apply 1000 groups on sim")
      let load = loadAverage()
      let apply = try child("apply", ["--dir", directory, "--parallelism", "100"])
      let bound = max(3.0, (apply["operations"]! / 100).rounded(.up)) * 0.2
      json["apply_seconds"] = apply["seconds"]
      json["apply_bound_seconds"] = bound
      json["apply_operations"] = apply["operations"]
      json["apply_rss_mb"] = apply["rss"]! / 1e6
      json["apply_load_average"] = load
      extras.append(
        (
          "apply on sim, 1,000 fresh groups (\(Int(apply["operations"]!)) operations), latency 200ms, P=100",
          String(
            format: "%.2f s vs bound %.1f s = %.3fx (budget ≤ 1.1x: %@), exit %d, %d resources recorded, "
              + "peak RSS %.0f MB (load %.2f)", apply["seconds"]!, bound, apply["seconds"]! / bound,
            apply["seconds"]! / bound <= 1.1 ? "met" : "MISSED", Int(apply["exit"]!), Int(apply["recorded"]!),
            apply["rss"]! / 1e6, load)
        ))
    }
    // The same end to end through the release binary: `immplan apply DIR -auto-approve -parallelism 100`
    // (load, plan, apply, journal, fold; start-up included).
    if !skipApply, FileManager.default.isExecutableFile(atPath: immplan) {
      let directory = work + "/apply-cli"
      try Workload.fresh(groups: 1000, seed: seed, latency: "200ms", directory: directory)
      log("immplan apply 1000 groups on sim")
      let load = loadAverage()
      let arguments = ["apply", directory, "-auto-approve", "-parallelism", "100"]
      if let elapsed = spawnSeconds(immplan, arguments) {
        json["apply_cli_seconds"] = elapsed
        json["apply_cli_load_average"] = load
        extras.append(
          (
            "`immplan apply <1,000 fresh groups> -auto-approve -parallelism 100` (latency 200ms), end to end",
            String(
              format: "%.2f s vs bound 6.0 s = %.3fx (budget ≤ 1.1x: %@) (load %.2f)", elapsed, elapsed / 6.0,
              elapsed / 6.0 <= 1.1 ? "met" : "MISSED", load)
          ))
      } else {
        extras.append(("`immplan apply` end to end", "failed (non-zero exit)"))
      }
    }
    // The crash test at benchmark scale: the same apply killed with SIGKILL at seeded random
    // instants and rerun until it completes; then state and sim must agree exactly.
    // A correctness failure (the crash test did not converge): reported after the figures, exit 1.
    var failure: String?
    let crash = CrashTest.Settings(arguments: CommandLine.arguments)
    let (skipCrash, crashGroups, crashKills) = (crash.skip, crash.groups, crash.kills)
    if !skipCrash, FileManager.default.isExecutableFile(atPath: immplan) {
      log("crash test: apply \(crashGroups) groups, \(crashKills) SIGKILLs")
      let load = loadAverage()
      let test = CrashTest(
        immplan: immplan, directory: work + "/crash", groups: crashGroups, latencyMilliseconds: 200, kills: crashKills,
        seed: seed)
      let figures = try test.run()
      if !figures.isConverged { failure = "the crash test did not converge (see its line above)" }
      let entries: [String: Any] = [
        "groups": crashGroups, "kills": figures.kills, "runs": figures.runs, "failed_runs": figures.failedRuns,
        "kill_instants_seconds": figures.killInstants, "objects_at_kills": figures.objectsAtKills,
        "total_seconds": figures.totalSeconds,
        "recovery_seconds": figures.recoverySeconds, "final_exit": Int(figures.finalExit),
        "sim_objects": figures.simObjects, "recorded": figures.recorded, "orphans": figures.orphans,
        "duplicates": figures.duplicates, "missing": figures.missing, "extra_generations": figures.extraGenerations,
        "journal_folded": figures.journalFolded, "temporaries": figures.temporaries,
        "plan_after_exit": Int(figures.planExit), "converged": figures.isConverged, "load_average": load,
      ]
      json["crash_test"] = entries
      extras.append(
        (
          "crash test at benchmark scale: apply \(crashGroups) fresh groups (latency 200ms, P=100), SIGKILL at "
            + zip(figures.killInstants, figures.objectsAtKills).map { String(format: "%.2fs (%d objects)", $0, $1) }
            .joined(separator: ", "),
          String(
            format: "%d kills, %d runs (%d failed), %.2f s in all, %.2f s from the last kill to done; %d objects, "
              + "%d recorded once, orphans=%d, duplicates=%d, missing=%d, extra generations=%d, journal %@, "
              + "%d torn temporaries, plan afterwards exit %d: %@ (load %.2f)", figures.kills, figures.runs,
            figures.failedRuns, figures.totalSeconds, figures.recoverySeconds, figures.simObjects, figures.recorded,
            figures.orphans, figures.duplicates, figures.missing, figures.extraGenerations,
            figures.journalFolded ? "folded" : "NOT FOLDED", figures.temporaries, Int(figures.planExit),
            figures.isConverged ? "converged" : "NOT CONVERGED", load)
        ))
    } else if !skipCrash {
      extras.append(
        ("crash test", "skipped: no release `immplan` next to immplan-bench (run `swift build -c release`)"))
    }
    // fmt at parse speed, on the largest file measured against hclsyntax if it has 30 MB or more
    // (the budget's file has 38 MB; start-up is most of a small file's time): `fmt -check` at
    // least 8x hclsyntax's parse of the same file, under 600 MB.
    if let row = rows.last(where: { $0.figures["fmt_ratio"] != nil && $0.figures["bytes"]! >= 30e6 }) {
      let r = row.figures
      let isMet = r["fmt_ratio"]! >= 8 && r["fmt_rss_mb"]! < 600
      json["fmt_budget_met"] = isMet
      extras.append(
        (
          "`immplan fmt -check` of \(row.groups) groups (\(Int(r["bytes"]!)) bytes)",
          String(
            format: "%.1f MB/s vs hclsyntax %.1f MB/s (medians) = %.1fx, peak RSS %.0f MB (budget ≥ 8x, < 600 MB: %@)",
            r["fmt_mb_per_s"]!, r["hclsyntax_median_mb_per_s"]!, r["fmt_ratio"]!, r["fmt_rss_mb"]!,
            isMet ? "met" : "MISSED")
        ))
    }
    // Linear growth: 10x the size at most 12x the time.
    for small in rows {
      guard let large = rows.first(where: { $0.groups == small.groups * 10 }) else { continue }
      for key in ["validate_seconds", "plan_same_seconds", "plan_changed_seconds"] {
        let ratio = large.figures[key]! / small.figures[key]!
        json["growth_\(key)_\(small.groups)_\(large.groups)"] = ratio
        extras.append(
          (
            "growth \(key.replacingOccurrences(of: "_seconds", with: "")) \(small.groups) → \(large.groups) groups",
            String(format: "%.2fx time for 10x size (budget ≤ 12x: %@)", ratio, ratio <= 12 ? "met" : "MISSED")
          ))
      }
    }

    if !rows.isEmpty {
      print(table(rows))
      print("")
    }
    for (label, value) in extras { print("- \(label): \(value)") }
    if let jsonPath {
      let data = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])
      try data.write(to: URL(fileURLWithPath: jsonPath))
      print("\nJSON written to \(jsonPath)")
    }
    if let failure { throw BenchError(failure) }
  }

  func table(_ rows: [Row]) -> String {
    func f(_ value: Double?, _ format: String) -> String { value.map { String(format: format, $0) } ?? "—" }
    var lines = [
      "| groups (resources) | bytes | parse MB/s | hclsyntax MB/s | ratio | validate s (CPU) | validate RSS MB | plan s (CPU) | plan RSS MB | plan 1% s (CPU) | plan 1% RSS MB | changes | plan-file bytes (1%) | load avg |",
      "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows {
      let r = row.figures
      lines.append(
        "| \(row.groups) (\(row.groups * 3)) | \(Int(r["bytes"]!)) | \(f(r["parse_mb_per_s"], "%.0f")) | "
          + "\(f(r["hclsyntax_mb_per_s"], "%.1f")) | \(f(r["parse_ratio"], "%.0fx")) | "
          + "\(f(r["validate_seconds"], "%.2f")) (\(f(r["validate_cpu_seconds"], "%.2f"))) | "
          + "\(f(r["validate_rss_mb"], "%.0f")) | "
          + "\(f(r["plan_same_seconds"], "%.2f")) (\(f(r["plan_same_cpu_seconds"], "%.2f"))) | "
          + "\(f(r["plan_same_rss_mb"], "%.0f")) | "
          + "\(f(r["plan_changed_seconds"], "%.2f")) (\(f(r["plan_changed_cpu_seconds"], "%.2f"))) | "
          + "\(f(r["plan_changed_rss_mb"], "%.0f")) | "
          + "\(f(r["plan_changed_changes"], "%.0f")) | \(f(r["plan_changed_file_bytes"], "%.0f")) | "
          + "\(f(r["load_average"], "%.1f"))–\(f(r["load_average_end"], "%.1f")) |")
    }
    if rows.contains(where: { $0.figures["fmt_seconds"] != nil }) {
      lines += [
        "",
        "`immplan fmt -check FILE` (median of 5 runs, each a fresh process) against hclsyntax's parse of the same file"
          + " (median of 3, run right after):",
        "",
        "| groups | bytes | fmt s (fastest–slowest) | fmt MB/s | hclsyntax MB/s (median) | ratio | fmt peak RSS MB |",
        "|---|---|---|---|---|---|---|",
      ]
      for row in rows {
        let r = row.figures
        lines.append(
          "| \(row.groups) | \(Int(r["bytes"]!)) | \(f(r["fmt_seconds"], "%.2f")) "
            + "(\(f(r["fmt_seconds_min"], "%.2f"))–\(f(r["fmt_seconds_max"], "%.2f"))) | "
            + "\(f(r["fmt_mb_per_s"], "%.1f")) | \(f(r["hclsyntax_median_mb_per_s"], "%.1f")) | "
            + "\(f(r["fmt_ratio"], "%.1fx")) | "
            + "\(f(r["fmt_rss_mb"], "%.0f")) |")
      }
    }
    lines.append("")
    lines.append(
      "validate and plan: the median of \(runs) run\(runs == 1 ? "" : "s"), each in a fresh process; all runs (fastest–slowest), seconds:"
    )
    lines.append("")
    for row in rows {
      let r = row.figures
      let ranges = [("validate", "validate"), ("plan", "plan_same"), ("plan 1%", "plan_changed")].map { name, label in
        "\(name) \(f(r["\(label)_seconds_min"], "%.2f"))–\(f(r["\(label)_seconds_max"], "%.2f"))"
      }
      lines.append("- \(row.groups) groups: " + ranges.joined(separator: ", "))
    }
    lines.append("")
    lines.append(
      "Plan phases of the median run (load / state read left after the load / diff / output = render + plan file; in brackets the"
        + " state read's own time, on a second thread during the load), seconds:")
    lines.append("")
    for row in rows {
      let r = row.figures
      for label in ["plan_same", "plan_changed"] {
        lines.append(
          "- \(row.groups) groups, \(label == "plan_same" ? "matching state" : "1% images changed"): "
            + "\(f(r["\(label)_load_s"], "%.2f")) / \(f(r["\(label)_state_s"], "%.2f")) / "
            + "\(f(r["\(label)_diff_s"], "%.2f")) / \(f(r["\(label)_output_s"], "%.2f"))"
            + " (\(f(r["\(label)_state_read_s"], "%.2f")))")
      }
    }
    return lines.joined(separator: "\n")
  }

  func machine() -> [String: String] {
    let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.split(separator: "\n")
      .first(where: { $0.hasPrefix("model name") }).map {
        String($0.split(separator: ":").last ?? "").trimmingCharacters(in: .whitespaces)
      }
    return [
      "cpu": cpu ?? "unknown", "cores": String(ProcessInfo.processInfo.activeProcessorCount),
      "memory_gb": String(format: "%.1f", Double(ProcessInfo.processInfo.physicalMemory) / 1e9),
    ]
  }
}
