import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// BRIEF §5: a `kill -9` at any instant leaves nothing the state does not know about. The binary
/// kills itself at every journal step (``IMMPLAN_TEST_CRASH_AT``, before and after the write) of
/// four phases of a two-group plan — creation, a replace cascade, a health failure with rollback,
/// destruction — and is also killed at random instants. After each crash a plain command
/// converges without any manual unlock, and the sim directory holds exactly what the state records.
@Suite(.serialized) struct CrashSafetyTests {
  typealias F = ApplyFixture

  /// Two image → template → fleet groups; `fail` names fleet.a's health when set.
  static func configuration(version: String, failHealth: Bool, latency: String = "0s") -> String {
    var text = ""
    for group in ["a", "b"] {
      text += """
        image "\(group)" {
          source    = "debian-12"
          provision = ["install-app \(version)"]
        }
        launch_template "\(group)" {
          image         = image.\(group).id
          instance_type = "t3.small"
        }
        fleet "\(group)" {
          launch_template = launch_template.\(group).id
          min_size        = 1
          max_size        = 1
          health_check {
            timeout = "300ms"
          }
        }

        """
    }
    let fail = failHealth ? "\"fleet.a\" = \"health\"" : ""
    return text + "provider \"sim\" {\n  latency = \"\(latency)\"\n  fail = { \(fail) }\n}\n"
  }

  /// A phase: the configuration written before it and the command it runs.
  struct Phase {
    var name: String
    var configuration: String
    var command: [String]
    /// The exit status of an uninterrupted run.
    var expectedStatus: Int32
  }

  static let phases: [Phase] = [
    Phase(
      name: "create", configuration: configuration(version: "1", failHealth: false),
      command: ["apply", "-auto-approve"], expectedStatus: 0),
    Phase(
      name: "replace cascade", configuration: configuration(version: "2", failHealth: false),
      command: ["apply", "-auto-approve"], expectedStatus: 0),
    Phase(
      name: "health rollback", configuration: configuration(version: "3", failHealth: true),
      command: ["apply", "-auto-approve"], expectedStatus: 1),
    Phase(
      name: "destroy", configuration: configuration(version: "3", failHealth: false),
      command: ["destroy", "-auto-approve"], expectedStatus: 0),
  ]

  /// A directory in the state reached after `phases[..<index]` ran uninterrupted.
  static func prepared(upTo index: Int) throws -> TemporaryDirectory {
    let directory = try TemporaryDirectory()
    for phase in phases[..<index] {
      try directory.write("main.imm.hcl", phase.configuration)
      let result = try F.run(phase.command, in: directory.path)
      precondition(result.status == phase.expectedStatus, "\(phase.name): \(result.stderr)")
    }
    return directory
  }

  /// After a crash: the phase's own command again converges (same status as an uninterrupted run),
  /// no lock is left behind, and the sim matches the state.
  static func checkConvergence(_ directory: TemporaryDirectory, _ phase: Phase, trial: String) throws {
    let again = try F.run(phase.command, in: directory.path)
    #expect(again.status == phase.expectedStatus, "\(trial): \(again.stdout)\n\(again.stderr)")
    #expect(!again.stderr.contains("lock"), "\(trial): \(again.stderr)")
    #expect(F.simObjects(directory.path) == F.stateObjects(directory.path), "\(trial)")
    if phase.expectedStatus == 0 {
      let plan = try F.run(
        phase.command[0] == "destroy" ? ["plan", "-destroy", "-detailed-exitcode"] : ["plan", "-detailed-exitcode"],
        in: directory.path)
      #expect(plan.status == 0, "\(trial): still changes after convergence\n\(plan.stdout)\(plan.stderr)")
    }
  }

  /// Copies `source` into a fresh directory.
  static func copy(_ source: TemporaryDirectory) throws -> TemporaryDirectory {
    let target = try TemporaryDirectory()
    try FileManager.default.removeItem(atPath: target.path)
    try FileManager.default.copyItem(atPath: source.path, toPath: target.path)
    return target
  }

  @Test func killedAtEveryJournalStepConverges() throws {
    var trials = 0
    for (index, phase) in Self.phases.enumerated() {
      let base = try Self.prepared(upTo: index)
      try base.write("main.imm.hcl", phase.configuration)
      if phase.name == "health rollback" {
        let check = try Self.copy(base)
        let result = try F.run(phase.command, in: check.path)
        #expect(result.stderr.contains("rolled back fleet.a"), "\(result.stdout)\n\(result.stderr)")
      }
      for mode in ["before", "after"] {
        var step = 0
        while step < 60 {
          let directory = try Self.copy(base)
          let result = try F.run(
            phase.command, in: directory.path, environment: ["IMMPLAN_TEST_CRASH_AT": "\(step):\(mode)"])
          if result.status != SIGKILL {
            // Past the last step: the run completed normally.
            #expect(result.status == phase.expectedStatus, "\(phase.name) \(step):\(mode): \(result.stderr)")
            break
          }
          trials += 1
          try Self.checkConvergence(directory, phase, trial: "\(phase.name) \(step):\(mode)")
          step += 1
        }
        #expect(step > 3, "\(phase.name): only \(step) journal steps")
      }
    }
    print("crash-safety: \(trials) kill -9 trials at journal steps")
    #expect(trials >= 50, "only \(trials) crash trials")
  }

  @Test func killedAtRandomInstantsConverges() throws {
    var generator = SystemRandomNumberGenerator()
    var killed = 0
    for trial in 0..<12 {
      let index = trial % Self.phases.count
      var phase = Self.phases[index]
      phase.configuration = phase.configuration.replacingOccurrences(of: "latency = \"0s\"", with: "latency = \"30ms\"")
      let directory = try Self.prepared(upTo: index)
      try directory.write("main.imm.hcl", phase.configuration)
      let process = Process()
      process.executableURL = URL(fileURLWithPath: BinaryRunner.executablePath)
      process.arguments = phase.command
      process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
      process.environment = ["PATH": "/usr/bin:/bin", "HOME": directory.path]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      usleep(UInt32.random(in: 5_000...250_000, using: &generator))
      if process.isRunning {
        kill(process.processIdentifier, SIGKILL)
        killed += 1
      }
      process.waitUntilExit()
      try Self.checkConvergence(directory, phase, trial: "random \(trial) (\(phase.name))")
    }
    #expect(killed > 0)
  }
}
