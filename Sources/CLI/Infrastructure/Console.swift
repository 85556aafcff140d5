import ImmplanSupport

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

  /// One line of standard input without its line end; nil at end of input.
  func readLine() -> String? {
    var bytes: [UInt8] = []
    var byte: UInt8 = 0
    while true {
      let count = read(0, &byte, 1)
      if count < 0, errno == EINTR { continue }
      if count <= 0 { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
      if byte == 0x0A { break }
      bytes.append(byte)
    }
    if bytes.last == 0x0D { bytes.removeLast() }
    return String(decoding: bytes, as: UTF8.self)
  }

  private static func write(_ descriptor: Int32, _ text: String) {
    _ = Descriptor.writeAll(descriptor, Array(text.utf8))
  }
}
