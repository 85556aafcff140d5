import Foundation

/// Credentials printed by a profile's `credential_process`: the command runs with `/bin/sh -c`
/// (as aws-sdk-go-v2 runs it; quoting follows the shell), and its standard output must be
/// `{"Version": 1, "AccessKeyId": …, "SecretAccessKey": …, "SessionToken"?: …, "Expiration"?: …}`.
/// Without `Expiration` the credentials never expire; with it they are fetched again before it.
///
/// Standard output holds the secret and is never quoted; a failing command's standard error is
/// (it is what the tool has to say about its failure).
struct ProcessCredentials: Sendable {
  var command: String
  var profile: String
  var system: AWSSystem
  /// Seconds the command may run.
  var timeout: Double = 60

  func fetch() async throws(AWSError) -> AWSCredentials {
    let source = AWSCredentialRecipe.process(command: command, profile: profile).name
    let outcome = await system.runProcess(
      ProcessRequest(command: command, environment: system.environment, timeout: timeout))
    if let failure = outcome.failure {
      throw .configuration(.credentialSource(source: source, reason: failure))
    }
    guard outcome.status == 0 else {
      let said = AWSErrorDocument.excerpt(outcome.stderr)
      throw .configuration(
        .credentialSource(
          source: source, reason: "the command exited with status \(outcome.status)" + (said.isEmpty ? "" : ": \(said)")
        ))
    }
    let object = try? JSONSerialization.jsonObject(with: Data(outcome.stdout)) as? [String: Any]
    guard let version = (object?["Version"] as? NSNumber)?.intValue, version == 1 else {
      let reason =
        object == nil
        ? "its output is not a JSON object (\(outcome.stdout.count) bytes, not shown as they may hold credentials)"
        : "its output has no `\"Version\": 1`"
      throw .configuration(.credentialSource(source: source, reason: reason))
    }
    switch CredentialDocument.credentials(
      outcome.stdout, tokenKey: "SessionToken", requiresToken: false, requiresExpiration: false)
    {
    case .success(let credentials): return credentials
    case .failure(let problem):
      throw .configuration(
        .credentialSource(
          source: source, reason: problem.reason.replacingOccurrences(of: "the answer", with: "its output")))
    }
  }
}

/// One command to run for its output.
struct ProcessRequest: Sendable, Hashable {
  var command: String
  var environment: [String: String]
  var timeout: Double
}

/// How a command ended: its status and output, or why it did not run to the end.
struct ProcessOutcome: Sendable, Hashable {
  var status: Int32 = 0
  var stdout: [UInt8] = []
  var stderr: [UInt8] = []
  /// Set when the command could not be started or was killed after its timeout.
  var failure: String?
}

/// Runs a command with `/bin/sh -c` on a thread of its own (never on Swift's cooperative pool,
/// which waiting would block), both pipes drained concurrently so a chatty command cannot fill
/// one and stall; killed after its timeout.
enum CredentialProcessRunner {
  /// Output kept per stream; more is cut off (credentials are a few kilobytes).
  static let outputLimit = 1 << 20

  static func run(_ request: ProcessRequest) async -> ProcessOutcome {
    await withCheckedContinuation { continuation in
      Thread { continuation.resume(returning: runBlocking(request)) }.start()
    }
  }

  private static func runBlocking(_ request: ProcessRequest) -> ProcessOutcome {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", request.command]
    process.environment = request.environment
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      return ProcessOutcome(failure: "the command could not be started: \(error.localizedDescription)")
    }
    let timer = TimeoutFlag()
    DispatchQueue.global().asyncAfter(deadline: .now() + request.timeout) {
      if process.isRunning {
        timer.fire()
        process.terminate()
      }
    }
    let group = DispatchGroup()
    let collected = CollectedOutput()
    for (pipe, isError) in [(output, false), (errors, true)] {
      group.enter()
      DispatchQueue.global().async {
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        collected.set(Array(data.prefix(outputLimit)), isError: isError)
        group.leave()
      }
    }
    process.waitUntilExit()
    group.wait()
    if timer.hasFired {
      return ProcessOutcome(failure: "the command did not finish within \(Int(request.timeout)) seconds")
    }
    let (stdout, stderr) = collected.values
    return ProcessOutcome(status: process.terminationStatus, stdout: stdout, stderr: stderr)
  }
}

/// Set by the timeout timer, read after the process ended.
///
/// `@unchecked Sendable`: `fired` is only touched while holding `lock`.
private final class TimeoutFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var fired = false

  func fire() { lock.withLock { fired = true } }
  var hasFired: Bool { lock.withLock { fired } }
}

/// Both streams' bytes, written by their reader threads.
///
/// `@unchecked Sendable`: `stdout` and `stderr` are only touched while holding `lock`.
private final class CollectedOutput: @unchecked Sendable {
  private let lock = NSLock()
  private var stdout: [UInt8] = []
  private var stderr: [UInt8] = []

  func set(_ bytes: [UInt8], isError: Bool) {
    lock.withLock {
      if isError { stderr = bytes } else { stdout = bytes }
    }
  }

  var values: ([UInt8], [UInt8]) { lock.withLock { (stdout, stderr) } }
}
