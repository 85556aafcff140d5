import ImmplanParser
import ImmplanSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The real file system, over POSIX calls: the ``FileSystem`` the front end reads through, plus the
/// few extra operations `fmt` needs (directory test, writing a file back).
struct LocalFileSystem: FileSystem {
  func contentsOfDirectory(_ directory: String) throws(FileSystemError) -> [String] {
    guard let handle = opendir(directory) else { throw Self.lastError(directory) }
    defer { closedir(handle) }
    var names: [String] = []
    while let entry = readdir(handle) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }

  func readFile(_ path: String) throws(FileSystemError) -> [UInt8] { try LocalFile.contents(of: path) }

  /// Whether `path` is a directory; nil when it does not exist (or cannot be examined).
  func isDirectory(_ path: String) -> Bool? {
    var status = stat()
    guard stat(path, &status) == 0 else { return nil }
    return status.st_mode & S_IFMT == S_IFDIR
  }

  /// Whether `path` itself is a symbolic link (not followed).
  func isSymbolicLink(_ path: String) -> Bool {
    var status = stat()
    return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK
  }

  /// Replaces the contents of a file atomically: writes a temporary file beside it with the same
  /// permissions, then renames it over the original, so an interrupted `fmt` never leaves a
  /// half-written file.
  /// A symbolic link is written through in place instead (renaming would replace the link).
  func writeFile(_ path: String, _ bytes: [UInt8]) throws(FileSystemError) {
    var link = stat()
    if lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK {
      let descriptor = open(path, O_WRONLY | O_TRUNC)
      guard descriptor >= 0 else { throw Self.lastError(path) }
      defer { close(descriptor) }
      guard Descriptor.writeAll(descriptor, bytes) else { throw Self.lastError(path) }
      return
    }
    var status = stat()
    let mode = stat(path, &status) == 0 ? status.st_mode & 0o7777 : 0o644
    let temporary = path + ".immplan-\(getpid()).tmp"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_TRUNC, mode)
    guard descriptor >= 0 else { throw Self.lastError(path) }
    _ = fchmod(descriptor, mode)  // not narrowed by the umask
    let written = Descriptor.writeAll(descriptor, bytes) && fsync(descriptor) == 0
    let error = written ? nil : Self.lastError(path)
    close(descriptor)
    if let error {
      unlink(temporary)
      throw error
    }
    guard rename(temporary, path) == 0 else {
      let error = Self.lastError(path)
      unlink(temporary)
      throw error
    }
  }

  private static func lastError(_ path: String) -> FileSystemError {
    FileSystemError(path: path, reason: String(cString: strerror(errno)).lowercased())
  }
}
