import ImmplanParser

/// Configuration files in memory, for tests that run `Frontend.load` (and anything else that reads
/// through ``FileSystem``). A path is `NAME` (a file of the directory `.`) or `DIRECTORY/NAME`,
/// exactly as the front end joins them; a directory exists when it holds a file, `.` always.
///
/// ```swift
/// let files = InMemoryFileSystem(directory: "config", files: ["main.imm.hcl": text])
/// let result = Frontend.load(LoadOptions(directory: "config"), fileSystem: files)
/// ```
public struct InMemoryFileSystem: FileSystem {
  /// Path → contents.
  public var files: [String: [UInt8]]
  /// Path → reason: files listed in their directory whose reading fails with that reason (as a
  /// file without read permission does).
  public var unreadable: [String: String] = [:]

  /// `files` by path (`NAME` or `DIRECTORY/NAME`), as UTF-8 text.
  public init(files: [String: String]) {
    self.files = files.mapValues { Array($0.utf8) }
  }

  /// `files` by path (`NAME` or `DIRECTORY/NAME`), as bytes (for input that is not valid UTF-8).
  public init(bytes: [String: [UInt8]]) {
    files = bytes
  }

  /// `files` by name, every one of them in `directory`.
  public init(directory: String, files: [String: String]) {
    let prefix = InMemoryFileSystem.prefix(of: directory)
    self.files = Dictionary(uniqueKeysWithValues: files.map { (prefix + $0.key, Array($0.value.utf8)) })
  }

  public func contentsOfDirectory(_ directory: String) throws(FileSystemError) -> [String] {
    let prefix = InMemoryFileSystem.prefix(of: directory)
    let names = (Array(files.keys) + Array(unreadable.keys)).filter { $0.hasPrefix(prefix) }
      .map { String($0.dropFirst(prefix.count)) }.filter { !$0.contains("/") }
    if names.isEmpty, !prefix.isEmpty {
      throw FileSystemError(path: directory, reason: "no such file or directory")
    }
    return names
  }

  public func readFile(_ path: String) throws(FileSystemError) -> [UInt8] {
    if let reason = unreadable[path] { throw FileSystemError(path: path, reason: reason) }
    guard let bytes = files[path] else { throw FileSystemError(path: path, reason: "no such file or directory") }
    return bytes
  }

  /// What the paths of a directory's files start with: nothing for `.`.
  private static func prefix(of directory: String) -> String {
    if directory == "." || directory.isEmpty { return "" }
    return directory.hasSuffix("/") ? directory : directory + "/"
  }
}
