import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// What one run of the `immplan` binary produced.
public struct BinaryResult: Sendable, Hashable {
  public var status: Int32
  public var stdout: String
  public var stderr: String
  /// The run outlived its `timeout` and was killed (SIGKILL).
  public var timedOut = false
}

/// A fresh temporary directory, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
  // @unchecked: `path` is immutable; the file operations go to the file system, not to state here.
  public let path: String

  public init() throws {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("immplan-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
    path = base.path
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  /// Writes `contents` to `relativePath`, creating parent directories.
  public func write(_ relativePath: String, _ contents: String) throws {
    let url = URL(fileURLWithPath: path).appendingPathComponent(relativePath)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(contents.utf8).write(to: url)
  }

  public func read(_ relativePath: String) throws -> String {
    String(
      decoding: try Data(contentsOf: URL(fileURLWithPath: path).appendingPathComponent(relativePath)), as: UTF8.self)
  }
}

/// Runs the built `immplan` executable, as the end-to-end tests need it.
///
/// The binary is found beside the test bundle (`.build/<triple>/debug/immplan`), or at
/// `IMMPLAN_BINARY` when set. The child gets a small fixed environment (`PATH`, `HOME`, `LANG`)
/// plus `environment`, so the tests never depend on the caller's `NO_COLOR` or `IMMPLAN_VAR_*`.
/// Output goes through files, so a large output cannot deadlock a pipe.
public enum BinaryRunner {
  public static var executablePath: String {
    if let override = ProcessInfo.processInfo.environment["IMMPLAN_BINARY"] { return override }
    let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    var candidates = [bundleDirectory.appendingPathComponent("immplan").path]
    // Test bundles may live inside `X.xctest/Contents/MacOS` (Darwin).
    candidates.append(
      bundleDirectory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("immplan").path)
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    candidates.append(packageRoot.appendingPathComponent(".build/debug/immplan").path)
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
  }

  /// util-linux `script`, which ``runInTerminal(_:environment:in:)`` runs the binary through.
  static let script = "/usr/bin/script"

  /// Whether ``runInTerminal(_:environment:in:)`` can run (`script` is installed): the condition
  /// of the tests that need a terminal, `.enabled(if: BinaryRunner.canRunInTerminal)`.
  public static var canRunInTerminal: Bool { FileManager.default.isExecutableFile(atPath: script) }

  /// Runs `immplan arguments…` with a pseudo-terminal as stdin, stdout and stderr (through
  /// util-linux `script`), so colour and prompting can be tested. stdout and stderr arrive merged
  /// in `stdout`, with `\r\n` line ends. nil when `script` is not installed.
  public static func runInTerminal(
    _ arguments: [String], environment: [String: String] = [:], in directory: String? = nil
  ) throws -> BinaryResult? {
    guard canRunInTerminal else { return nil }
    let command = ([executablePath] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
      .joined(separator: " ")
    return try run(
      ["-qec", command, "/dev/null"], environment: environment, in: directory, executable: script)
  }

  /// Runs `immplan arguments…` in `directory` (a fresh temporary directory when nil). With a
  /// `timeout` (seconds), a run still going after it is killed and marked ``BinaryResult/timedOut``.
  public static func run(
    _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], in directory: String? = nil,
    executable: String? = nil, timeout: Double? = nil
  ) throws -> BinaryResult {
    let scratch = try TemporaryDirectory()
    let outputPath = scratch.path + "/.stdout"
    let errorPath = scratch.path + "/.stderr"
    let inputPath = scratch.path + "/.stdin"
    _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
    _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
    _ = FileManager.default.createFile(atPath: inputPath, contents: Data((stdin ?? "").utf8))

    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable ?? executablePath)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory ?? scratch.path)
    var childEnvironment = ["PATH": "/usr/bin:/bin", "HOME": scratch.path, "LANG": "C.UTF-8"]
    childEnvironment.merge(environment) { _, new in new }
    process.environment = childEnvironment
    let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
    let error = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
    let input = try FileHandle(forReadingFrom: URL(fileURLWithPath: inputPath))
    process.standardOutput = output
    process.standardError = error
    process.standardInput = input
    let finished = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in finished.signal() }
    try process.run()
    var timedOut = false
    if let timeout, finished.wait(timeout: .now() + timeout) == .timedOut {
      timedOut = true
      kill(process.processIdentifier, SIGKILL)
    }
    process.waitUntilExit()
    try output.close()
    try error.close()
    try input.close()
    return BinaryResult(
      status: process.terminationStatus,
      stdout: String(decoding: try Data(contentsOf: URL(fileURLWithPath: outputPath)), as: UTF8.self),
      stderr: String(decoding: try Data(contentsOf: URL(fileURLWithPath: errorPath)), as: UTF8.self),
      timedOut: timedOut)
  }
}
