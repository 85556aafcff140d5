#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Whole reads and writes on an open file descriptor, retrying `EINTR` and short transfers: the
/// loops every file reader and writer of immplan (configuration files, state, plan files, the
/// console) would otherwise each write out. Errors come back as the `errno` value, for each
/// caller to turn into its own error type.
public enum Descriptor {
  /// Up to `count` bytes read from the descriptor's current offset into one array of that
  /// capacity (no chunk copies: a state or configuration is tens of megabytes); fewer at end of
  /// file. `failure` is the `errno` of a failed read (the bytes then hold what came before).
  public static func readBytes(_ descriptor: Int32, upTo count: Int) -> (bytes: [UInt8], failure: Int32?) {
    var failure: Int32?
    let bytes = [UInt8](unsafeUninitializedCapacity: max(0, count)) { buffer, initialized in
      while initialized < count {
        let got = read(descriptor, buffer.baseAddress! + initialized, count - initialized)
        if got < 0 {
          if errno == EINTR { continue }
          failure = errno
          break
        }
        if got == 0 { break }
        initialized += got
      }
    }
    return (bytes, failure)
  }

  /// Writes every byte of `bytes`; false (with `errno` set) when a write fails.
  public static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
    var offset = 0
    while offset < bytes.count {
      let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        return false
      }
      offset += written
    }
    return true
  }

  /// ``writeAll(_:_:)`` of an array.
  public static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { writeAll(descriptor, $0) }
  }
}
