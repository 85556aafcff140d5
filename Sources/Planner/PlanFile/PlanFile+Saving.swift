import Foundation
import ImmplanParser
import ImmplanSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension PlanFile {
  /// Encodes `plan` and writes it to `path` atomically; returns its checksum (what
  /// ``encode(_:parallelism:)`` returns, and the same bytes on disk).
  ///
  /// A temporary file beside `path` (same permissions as the file it replaces, else 0644), fsync,
  /// rename over `path`: an interrupted save leaves the old file or none, never half a plan. A
  /// symbolic link is written through in place instead (renaming would replace the link).
  ///
  /// The checksum's value sits near the start of the file, but the SHA-256 and the write are the
  /// two slow steps of saving a large plan (most of it is the embedded configuration), so they run
  /// side by side: the bytes are written with the value zero-filled while the hash is computed,
  /// then the value is written into its place before the fsync.
  public static func save(
    _ plan: Plan, to path: String, parallelism: Parallel = .default
  ) throws(FileSystemError) -> String {
    let unsealed = encodeUnsealed(plan, parallelism: parallelism)
    var link = stat()
    if lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK {
      let checksum = Hex.encode(SHA256.hash(unsealed.bytes))
      let descriptor = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
      guard descriptor >= 0 else { throw fileError(path) }
      defer { close(descriptor) }
      guard writeSealed(descriptor, unsealed, checksum: Array(checksum.utf8)) else { throw fileError(path) }
      return checksum
    }
    var status = stat()
    let mode = stat(path, &status) == 0 ? status.st_mode & 0o7777 : 0o644
    let temporary = path + ".immplan-\(getpid()).tmp"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC, mode)
    guard descriptor >= 0 else { throw fileError(path) }
    _ = fchmod(descriptor, mode)  // not narrowed by the umask
    let placeholder = [UInt8](repeating: UInt8(ascii: "0"), count: checksumLength)
    // The writer's errno, 0 on success (errno is per thread).
    let written = Slot<Int32>()
    let writer = Thread { written.fill(writeSealed(descriptor, unsealed, checksum: placeholder) ? 0 : errno) }
    writer.start()
    let checksum = Hex.encode(SHA256.hash(unsealed.bytes))
    let value = Array(checksum.utf8)
    var code = written.wait() ?? EIO
    if code == 0 {
      let count = value.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(unsealed.checksumOffset)) }
      if count != value.count {
        code = count < 0 ? errno : EIO
      } else if fsync(descriptor) != 0 {
        code = errno
      }
    }
    let error = code == 0 ? nil : FileSystemError(path: path, reason: POSIXFile.reason(code))
    close(descriptor)
    if let error {
      unlink(temporary)
      throw error
    }
    guard rename(temporary, path) == 0 else {
      let error = fileError(path)
      unlink(temporary)
      throw error
    }
    return checksum
  }

  /// Writes `unsealed` with `checksum` (64 bytes) in the checksum's place, retrying short writes.
  private static func writeSealed(_ descriptor: Int32, _ unsealed: Unsealed, checksum: [UInt8]) -> Bool {
    unsealed.bytes.withUnsafeBytes { bytes in
      checksum.withUnsafeBytes { value in
        Descriptor.writeAll(descriptor, UnsafeRawBufferPointer(rebasing: bytes[..<unsealed.checksumOffset]))
          && Descriptor.writeAll(descriptor, value)
          && Descriptor.writeAll(descriptor, UnsafeRawBufferPointer(rebasing: bytes[unsealed.checksumOffset...]))
      }
    }
  }

  private static func fileError(_ path: String) -> FileSystemError {
    FileSystemError(path: path, reason: POSIXFile.reason())
  }
}
