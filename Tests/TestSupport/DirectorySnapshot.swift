import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Every file and directory under a directory (hidden ones included: the sim's `.immplan/`), with
/// each file's bytes: to prove that a refused command changed nothing, created nothing and left no
/// temporary file behind.
public struct DirectorySnapshot: Sendable, Equatable {
  /// Relative path → bytes (nil for a directory).
  public var entries: [String: Data?]

  public init(_ directory: String) {
    var entries: [String: Data?] = [:]
    let enumerator = FileManager.default.enumerator(atPath: directory)
    while let path = enumerator?.nextObject() as? String {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: directory + "/" + path, isDirectory: &isDirectory) else { continue }
      entries[path] =
        isDirectory.boolValue ? nil : (FileManager.default.contents(atPath: directory + "/" + path) ?? Data())
    }
    self.entries = entries
  }

  /// One line per difference from `before` (`changed x`, `new x`, `removed x`), sorted; paths in
  /// `allowed` may differ. The flock file `lockFile` may appear, and may end empty (a lock taken
  /// and released truncates it), but must not gain other content.
  public func differences(
    from before: DirectorySnapshot, allowing allowed: Set<String> = [], lockFile: String = "immplan.state.json.lock"
  ) -> [String] {
    var lines: [String] = []
    for path in Set(before.entries.keys).union(entries.keys).sorted() where !allowed.contains(path) {
      switch (before.entries[path], entries[path]) {
      case (nil, nil): break
      case (nil, let now?):
        if path == lockFile, now == nil || now == Data() { continue }
        lines.append("new \(path)")
      case (_?, nil): lines.append("removed \(path)")
      case (let old?, let now?):
        if old == now { continue }
        if path == lockFile, now == Data() { continue }
        lines.append("changed \(path)")
      }
    }
    return lines
  }
}

/// Holds the `flock` on a lock file the way another immplan process would (this test process is
/// the other process), with `contents` written into it, until ``release()``.
public final class LockFileHolder: @unchecked Sendable {
  // @unchecked: `descriptor` is set once in init and closed once in release (guarded by `isHeld`,
  // touched only by the test that owns the holder).
  private let descriptor: Int32
  private var isHeld = true

  public init(path: String, contents: String) throws {
    descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0, ftruncate(descriptor, 0) == 0 else {
      close(descriptor)
      throw CocoaError(.fileWriteUnknown)
    }
    let bytes = Array(contents.utf8)
    guard bytes.withUnsafeBytes({ pwrite(descriptor, $0.baseAddress, bytes.count, 0) }) == bytes.count else {
      close(descriptor)
      throw CocoaError(.fileWriteUnknown)
    }
  }

  public func release() {
    guard isHeld else { return }
    isHeld = false
    flock(descriptor, LOCK_UN)
    close(descriptor)
  }

  deinit { release() }
}
