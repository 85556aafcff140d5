import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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
/// which waiting would block), both pipes read as data arrives so a chatty command cannot fill one
/// and stall. Foundation starts the shell in a process group of its own; after the timeout the
/// whole group is killed (a helper's own children included) and the outcome returned at once.
enum CredentialProcessRunner {
  /// Output kept per stream; more is cut off (credentials are a few kilobytes).
  static let outputLimit = 1 << 20
  /// How long output may keep arriving after the shell exited (a background child holding the
  /// pipes open must not hold up the command).
  static let drainTime: Double = 2

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
    let collected = CollectedOutput(limit: outputLimit)
    for (pipe, isError) in [(output, false), (errors, true)] {
      pipe.fileHandleForReading.readabilityHandler = { handle in
        let data = handle.availableData
        if data.isEmpty { handle.readabilityHandler = nil }
        collected.append(data, isError: isError)
      }
    }
    let exited = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in exited.signal() }
    defer {
      output.fileHandleForReading.readabilityHandler = nil
      errors.fileHandleForReading.readabilityHandler = nil
    }
    do {
      try process.run()
    } catch {
      return ProcessOutcome(failure: "the command could not be started: \(error.localizedDescription)")
    }
    if exited.wait(timeout: .now() + request.timeout) == .timedOut {
      kill(-process.processIdentifier, SIGKILL)
      return ProcessOutcome(failure: "the command did not finish within \(Self.seconds(request.timeout))")
    }
    let (stdout, stderr) = collected.waitForEnd(timeout: drainTime)
    return ProcessOutcome(status: process.terminationStatus, stdout: stdout, stderr: stderr)
  }

  /// `60 seconds`, `0.3 seconds`.
  private static func seconds(_ value: Double) -> String {
    value == value.rounded() ? "\(Int(value)) seconds" : "\(value) seconds"
  }
}

/// Both streams' bytes as their readability handlers deliver them; an empty delivery is the end
/// of a stream.
///
/// `@unchecked Sendable`: every property is only touched while holding `condition`'s lock.
private final class CollectedOutput: @unchecked Sendable {
  private let condition = NSCondition()
  private let limit: Int
  private var stdout: [UInt8] = []
  private var stderr: [UInt8] = []
  private var ended = 0

  init(limit: Int) { self.limit = limit }

  func append(_ data: Data, isError: Bool) {
    condition.lock()
    defer { condition.unlock() }
    if data.isEmpty {
      ended += 1
      condition.broadcast()
    } else if isError {
      stderr += data.prefix(max(0, limit - stderr.count))
    } else {
      stdout += data.prefix(max(0, limit - stdout.count))
    }
  }

  /// What arrived once both streams ended, or after `timeout` seconds.
  func waitForEnd(timeout: Double) -> ([UInt8], [UInt8]) {
    let deadline = Date() + timeout
    condition.lock()
    defer { condition.unlock() }
    while ended < 2 && condition.wait(until: deadline) {}
    return (stdout, stderr)
  }
}
