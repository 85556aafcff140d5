import ImmplanSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reading a whole file from the local disk, as the CLI's file system and the benchmark read
/// configuration files: one buffer of the file's size for a regular file (no chunk copies), and
/// a cap for anything else.
public enum LocalFile {
  /// The bytes of the file at `path`; a directory, or more than ``streamLimit`` bytes from
  /// something that is not a regular file, is an error.
  public static func contents(of path: String) throws(FileSystemError) -> [UInt8] {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { throw lastError(path) }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { throw lastError(path) }
    if status.st_mode & S_IFMT == S_IFDIR { throw FileSystemError(path: path, reason: "is a directory") }
    // A regular file ends; a pipe or device may not (`-var-file /dev/zero` ate all memory and
    // aborted). Process substitution (`-var-file <(…)`) and `/dev/stdin` stay usable up to the cap.
    let limit = status.st_mode & S_IFMT == S_IFREG ? Int.max : streamLimit
    var bytes: [UInt8] = []
    if status.st_mode & S_IFMT == S_IFREG, status.st_size > 0 {
      // Straight into one buffer of the file's size (the configuration of a large plan is tens
      // of megabytes, and the lexer waits for it): no chunk copies.
      let expected = Int(status.st_size)
      let read = Descriptor.readBytes(descriptor, upTo: expected)
      if let failure = read.failure { throw lastError(path, failure) }
      bytes = read.bytes
      // A file that grew since fstat: the rest is read below.
      if bytes.count < expected { return bytes }
    }
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw lastError(path)
      }
      if count == 0 { break }
      guard bytes.count + count <= limit else {
        throw FileSystemError(path: path, reason: "is not a regular file and gives more than 256 MiB")
      }
      bytes.append(contentsOf: chunk[0..<count])
    }
    return bytes
  }

  /// The most read from anything but a regular file.
  public static let streamLimit = 256 << 20

  private static func lastError(_ path: String, _ code: Int32 = errno) -> FileSystemError {
    FileSystemError(path: path, reason: String(cString: strerror(code)).lowercased())
  }
}
