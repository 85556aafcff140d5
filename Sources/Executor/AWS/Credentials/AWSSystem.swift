import Foundation

/// What AWS set-up reads from outside the process: environment variables, files, the network
/// (STS, the instance and container metadata services), child processes (`credential_process`)
/// and the clock.
///
/// Injected, so tests never read the real `~/.aws`, never reach beyond loopback and control
/// time; ``live(environment:)`` is what the CLI uses.
struct AWSSystem: Sendable {
  var environment: [String: String]
  /// A file's text, nil when it cannot be read.
  var readFile: @Sendable (String) -> String?
  var transport: any AWSHTTPTransport
  var runProcess: @Sendable (ProcessRequest) async -> ProcessOutcome
  var now: @Sendable () -> Date
  var sleep: @Sendable (Double) async throws -> Void
  /// Retries of the credential sources' own calls (STS, metadata services).
  var retryPolicy = AWSRetryPolicy()
  /// Seconds one STS attempt may take.
  var timeout: Double = 30
  /// Where built credential providers are kept, so identical sources share one.
  var sources: AWSCredentialSources

  init(
    environment: [String: String],
    readFile: @escaping @Sendable (String) -> String? = { try? String(contentsOfFile: $0, encoding: .utf8) },
    transport: any AWSHTTPTransport = URLSessionTransport(),
    runProcess: @escaping @Sendable (ProcessRequest) async -> ProcessOutcome = {
      await CredentialProcessRunner.run($0)
    },
    now: @escaping @Sendable () -> Date = { Date() },
    sleep: @escaping @Sendable (Double) async throws -> Void = { seconds in
      try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
    },
    sources: AWSCredentialSources = AWSCredentialSources()
  ) {
    self.environment = environment
    self.readFile = readFile
    self.transport = transport
    self.runProcess = runProcess
    self.now = now
    self.sleep = sleep
    self.sources = sources
  }

  /// The real files, network, processes and clock, with `environment` (the process's, as the CLI
  /// passes it); providers are shared process-wide, so the aws provider and the S3 state backend
  /// of one command refresh one set of temporary credentials.
  static func live(environment: [String: String]) -> AWSSystem {
    AWSSystem(environment: environment, sources: .shared)
  }

  /// The variable `name` when set and not empty.
  func variable(_ name: String) -> String? {
    guard let value = environment[name], !value.isEmpty else { return nil }
    return value
  }

  /// Whether the variable `name` is `true` (any case).
  func flag(_ name: String) -> Bool { variable(name)?.lowercased() == "true" }

  /// `path` with a leading `~/` replaced by the home directory.
  func expandingHome(_ path: String) -> String {
    guard path == "~" || path.hasPrefix("~/") else { return path }
    return home + path.dropFirst()
  }

  var home: String { variable("HOME") ?? NSHomeDirectory() }

  /// A configuration for the credential sources' own calls (STS) in `region`, signing with
  /// `credentials` (or unsigned when nil).
  func configuration(region: String, endpoints: AWSEndpoints, credentials: (any AWSCredentialProvider)?)
    -> AWSConfiguration
  {
    var configuration = AWSConfiguration(
      region: region, credentialProvider: credentials ?? UnsignedRequests(), endpoints: endpoints)
    configuration.transport = transport
    configuration.retryPolicy = retryPolicy
    configuration.timeout = timeout
    configuration.clock = now
    configuration.sleep = sleep
    return configuration
  }
}

/// The credential provider of a configuration whose calls go unsigned (its clients are built
/// with `signed: false`); asking it is a bug.
private struct UnsignedRequests: AWSCredentialProvider {
  func credentials() async throws(AWSError) -> AWSCredentials {
    preconditionFailure("an unsigned client asked for credentials")
  }
}
