import Foundation

// immplan-bench: BRIEF §8's budgets, measured. Every figure of docs/performance.md comes from here.
//
//   swift build -c release && .build/release/immplan-bench [--sizes 1000,10000,30000,33334]
//     [--json FILE] [--oracle PATH] [--oracle-max GROUPS] [--work DIR] [--seed N] [--runs N]
//     [--skip-apply | --apply-only]
//
// `--runs N` (default 3): validate and each plan run N times per size, each in a fresh process;
// the median run is reported, with the fastest and slowest.
//
// `--apply-only` measures only the apply budget (in-process and end to end through `immplan apply`).
//
// Each phase runs in a fresh child process (`immplan-bench --phase NAME ...`) so its peak RSS
// (VmHWM) is its own. `immplan fmt -check` of each size's file runs five times through the release
// `immplan` next to immplan-bench, side by side with hclsyntax's parse of the same file.
//
// The crash test runs after the apply measurements unless `--skip-crash`; `--crash-groups N`
// (default 1000) and `--crash-kills K` (default 5) size it (see CrashTest.swift).

let usage = """
  usage: immplan-bench [--sizes 1000,10000,30000,33334] [--json FILE] [--oracle PATH] [--oracle-max GROUPS]
                       [--work DIR] [--seed N] [--runs N] [--skip-apply | --apply-only]
         immplan-bench --phase parse|validate|plan|apply|generate [--file F] [--dir D] [--size N] [--seed N]
         crash test: [--skip-crash] [--crash-groups N] [--crash-kills K]
  """

var options: [String: String] = [:]
var flags: Set<String> = []
do {
  // `--skip-crash` is a flag read by ``CrashTest/Settings`` itself; drop it so it takes no value.
  var arguments = ArraySlice(CommandLine.arguments.dropFirst().filter { $0 != "--skip-crash" })
  while let argument = arguments.popFirst() {
    guard argument.hasPrefix("--") else {
      FileHandle.standardError.write(Data((usage + "\n").utf8))
      exit(2)
    }
    let name = String(argument.dropFirst(2))
    if ["skip-apply", "apply-only", "help"].contains(name) {
      flags.insert(name)
    } else if let value = arguments.popFirst() {
      options[name] = value
    } else {
      FileHandle.standardError.write(Data("error: `\(argument)` needs a value\n\(usage)\n".utf8))
      exit(2)
    }
  }
}
if flags.contains("help") {
  print(usage)
  exit(0)
}

do {
  if let phase = options["phase"] {
    try await Phase.run(phase, options: options)
  } else {
    try await Driver(options: options, skipApply: flags.contains("skip-apply"), applyOnly: flags.contains("apply-only"))
      .run()
  }
} catch {
  FileHandle.standardError.write(Data("error: \(error)\n".utf8))
  exit(1)
}
