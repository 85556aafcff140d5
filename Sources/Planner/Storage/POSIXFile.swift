import ImmplanSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Thin wrappers over the POSIX calls the local backend needs, each failure a ``StateError/io(path:operation:reason:)``.
enum POSIXFile {
  static func reason(_ code: Int32 = errno) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text).lowercased()
  }

  static func fail(_ path: String, _ operation: String, _ code: Int32 = errno) -> StateError {
    .io(path: path, operation: operation, reason: reason(code))
  }

  /// Opens `path`; nil when it does not exist and `missingIsNil`.
  static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o600, missingIsNil: Bool = false) throws(StateError)
    -> Int32?
  {
    while true {
      let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
      if fd >= 0 { return fd }
      let code = errno
      if code == EINTR { continue }
      if code == ENOENT, missingIsNil { return nil }
      throw fail(path, "open", code)
    }
  }

  /// Reads the whole file from offset 0.
  static func readAll(_ fd: Int32, path: String, from start: Int = 0) throws(StateError) -> [UInt8] {
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    var offset = off_t(start)
    while true {
      let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, offset) }
      if count < 0 {
        if errno == EINTR { continue }
        throw fail(path, "read")
      }
      if count == 0 { return out }
      out.append(contentsOf: buffer[0..<count])
      offset += off_t(count)
    }
  }

  /// Reads `path` whole; nil when it does not exist.
  static func readFile(_ path: String) throws(StateError) -> [UInt8]? {
    try readFileWithIdentity(path)?.bytes
  }

  /// Reads `path` whole, with the identity of the file read (from the open descriptor); nil when
  /// it does not exist. Regular files are read straight into one buffer of their size (no copy,
  /// no regrowth: the state document is 140 MB at 100,000 resources).
  static func readFileWithIdentity(_ path: String) throws(StateError) -> (bytes: [UInt8], identity: FileIdentity)? {
    guard let fd = try open(path, O_RDONLY, missingIsNil: true) else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw fail(path, "stat") }
    let identity = FileIdentity(info)
    let expected = Int(info.st_size)
    guard (info.st_mode & S_IFMT) == S_IFREG, expected > 0 else { return (try readAll(fd, path: path), identity) }
    // A fresh descriptor: reading from its offset is reading from 0.
    let read = Descriptor.readBytes(fd, upTo: expected)
    if let failure = read.failure { throw fail(path, "read", failure) }
    var bytes = read.bytes
    if bytes.count == expected {
      // The file may have grown since fstat: read whatever follows.
      let rest = try readAll(fd, path: path, from: expected)
      bytes += rest
    }
    return (bytes, identity)
  }

  static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(StateError) {
    guard Descriptor.writeAll(fd, bytes) else { throw fail(path, "write") }
  }

  static func sync(_ fd: Int32, path: String) throws(StateError) {
    while fsync(fd) != 0 {
      if errno == EINTR { continue }
      throw fail(path, "fsync")
    }
  }

  /// fsyncs the directory holding `path`, so a rename or unlink in it is durable.
  static func syncDirectory(of path: String) throws(StateError) {
    let directory = directoryName(path)
    guard let fd = try open(directory, O_RDONLY | O_DIRECTORY) else { return }
    defer { close(fd) }
    try sync(fd, path: directory)
  }

  static func directoryName(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let directory = String(path[..<slash])
    return directory.isEmpty ? "/" : directory
  }

  static func size(_ fd: Int32, path: String) throws(StateError) -> Int {
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw fail(path, "stat") }
    return Int(info.st_size)
  }

  /// (device, inode) of an open file, or of a path (nil when missing).
  static func identity(_ fd: Int32) -> (UInt64, UInt64)? {
    var info = stat()
    guard fstat(fd, &info) == 0 else { return nil }
    return (UInt64(info.st_dev), UInt64(info.st_ino))
  }

  static func identity(_ path: String) -> (UInt64, UInt64)? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return (UInt64(info.st_dev), UInt64(info.st_ino))
  }

  /// Permission bits of `path` (tests check 0600).
  static func mode(_ path: String) -> mode_t? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return info.st_mode & 0o7777
  }
}
