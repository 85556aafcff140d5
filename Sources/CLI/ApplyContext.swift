import Dispatch
import ImmplanExecutor
import ImmplanParser
import ImmplanSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Builds the library's ``CommandContext`` from an invocation: streams, the `yes` prompt (only
/// on a terminal), and Ctrl-C routed to the executor once it starts (Dispatch signal source: the
/// first stops new work, the second stops waiting).
enum ApplyContext {
  static func make(_ invocation: Invocation) -> CommandContext {
    let console = invocation.console
    let colored = invocation.isErrorColored
    let interrupts = InterruptSignal()
    var ask: (@Sendable (String) -> String?)?
    if invocation.isInteractive {
      ask = { @Sendable (prompt: String) -> String? in
        console.out(prompt)
        return readLine()
      }
    }
    var context = CommandContext(
      out: { console.out($0) }, error: { console.error($0) },
      report: { diagnostics, sources in
        guard !diagnostics.isEmpty else { return }
        console.error(DiagnosticRenderer.render(diagnostics, sources: sources, color: colored))
      },
      ask: ask, beginExecution: { InterruptRouting.install(interrupts) }, interrupts: interrupts,
      fileSystem: invocation.fileSystem, environment: invocation.environment, color: invocation.isOutputColored)
    let fileSystem = invocation.fileSystem
    context.write = { path, bytes in (try? fileSystem.writeFile(path, bytes)) != nil }
    return context
  }

  /// `-parallelism`, `-lock-timeout`, `-auto-approve`, `-var`, `-var-file`; nil (after an error
  /// message) when a value is malformed.
  static func settings(_ invocation: Invocation) -> ApplySettings? {
    var settings = ApplySettings()
    let arguments = invocation.arguments
    if arguments.isPresent("parallelism") {
      guard let text = arguments.value("parallelism"), let count = Int(text), count >= 1 else {
        invocation.console.error("error: -parallelism must be a whole number of at least 1\n")
        return nil
      }
      settings.parallelism = count
    }
    if arguments.isPresent("lock-timeout") {
      guard let text = arguments.value("lock-timeout"), let duration = DurationValue(parsing: text) else {
        invocation.console.error("error: -lock-timeout must be a duration such as `30s` or `5m`\n")
        return nil
      }
      settings.lockTimeout = .milliseconds(duration.milliseconds)
    }
    settings.autoApprove = arguments.isPresent("auto-approve") && arguments.flag("auto-approve")
    settings.assignments = invocation.variableAssignments
    return settings
  }

  /// Runs an async workflow to completion and maps its status.
  static func run(_ body: @escaping @Sendable () async -> Int32) -> ExitCode {
    let status = StateAccess.waitFor(body)
    return ExitCode(rawValue: status) ?? .failure
  }
}

/// Ctrl-C during an apply: ignore the default "exit at once" and tell the executor instead.
enum InterruptRouting {
  // Kept alive for the life of the process once installed; only touched on the main thread's
  // first call (the executor starts once per process).
  nonisolated(unsafe) private static var source: DispatchSourceSignal?

  static func install(_ interrupts: InterruptSignal) {
    guard source == nil else { return }
    signal(SIGINT, SIG_IGN)
    let signalSource = DispatchSource.makeSignalSource(signal: SIGINT, queue: DispatchQueue.global())
    signalSource.setEventHandler { interrupts.fire() }
    signalSource.resume()
    source = signalSource
  }
}
