#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The process's standard streams and the facts about them that decide colour and prompting.
struct Console: Sendable {
  var isStandardOutputTerminal: Bool
  var isStandardErrorTerminal: Bool
  var isStandardInputTerminal: Bool

  static func current() -> Console {
    Console(
      isStandardOutputTerminal: isatty(1) == 1, isStandardErrorTerminal: isatty(2) == 1,
      isStandardInputTerminal: isatty(0) == 1)
  }

  /// Results: stdout.
  func out(_ text: String) { Self.write(1, text) }

  /// Diagnostics and progress: stderr.
  func error(_ text: String) { Self.write(2, text) }

  /// All of standard input (for `fmt -`).
  func readStandardInput() -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
      if count < 0, errno == EINTR { continue }
      if count <= 0 { break }
      bytes.append(contentsOf: chunk[0..<count])
    }
    return bytes
  }

  private static func write(_ descriptor: Int32, _ text: String) {
    _ = LocalFileSystem.writeAll(descriptor, Array(text.utf8))
  }
}
