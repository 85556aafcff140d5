import Foundation

/// The repository root, found by walking up from a source file's `#filePath` to `Package.swift`.
///
/// Tests locate `specs/` this way so they run from any working directory.
public enum RepositoryRoot {
  public static func path(from filePath: String = #filePath) -> String {
    var directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
    while directory.path != "/" {
      if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
        return directory.path
      }
      directory = directory.deletingLastPathComponent()
    }
    preconditionFailure("no Package.swift above \(filePath)")
  }
}

/// One spec case: an input file `specs/<area>/<name>.<ext>` (or, where the area allows it, a
/// directory `specs/<area>/<name>/` of input files) and its golden files beside it
/// (`<name>.<golden-extension>`). See specs/README.md.
public struct SpecCase: Sendable, Hashable, CustomStringConvertible {
  public let area: String
  public let name: String
  /// Absolute path of the case's directory (`…/specs/<area>`).
  public let directory: String
  public let inputExtension: String
  /// True when the case is a directory `<name>/` of input files rather than one input file.
  public let isDirectory: Bool

  public var description: String { "\(area)/\(name)" }

  /// Absolute path of the input file (of the input directory for a directory case).
  public var inputPath: String { isDirectory ? "\(directory)/\(name)" : path(inputExtension) }

  /// Absolute path of the file `<name>.<ext>` beside the input.
  public func path(_ ext: String) -> String { "\(directory)/\(name).\(ext)" }

  public func readInput() -> [UInt8] { [UInt8](FileManager.default.contents(atPath: inputPath) ?? Data()) }

  /// The text of `<name>.<ext>` beside the input (a golden, or another input such as an oracle
  /// or the arguments of a run), or nil when it does not exist.
  public func text(_ ext: String) -> String? {
    FileManager.default.contents(atPath: path(ext)).map { String(decoding: $0, as: UTF8.self) }
  }

  /// The input files of the case by name: the one input file, or every file of a directory case.
  public func inputFiles() -> [String: String] {
    guard isDirectory else {
      return ["\(name).\(inputExtension)": String(decoding: readInput(), as: UTF8.self)]
    }
    var files: [String: String] = [:]
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: inputPath)) ?? [] {
      if let data = FileManager.default.contents(atPath: "\(inputPath)/\(entry)") {
        files[entry] = String(decoding: data, as: UTF8.self)
      }
    }
    return files
  }

  /// Every `specs/<area>/*.<inputExtension>` (and, with `includingDirectories`, every
  /// subdirectory of `specs/<area>`), sorted by name (deterministic test order).
  public static func discover(
    area: String, inputExtension: String, includingDirectories: Bool = false, filePath: String = #filePath
  ) -> [SpecCase] {
    let directory = "\(RepositoryRoot.path(from: filePath))/specs/\(area)"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    let suffix = ".\(inputExtension)"
    var cases: [SpecCase] = []
    for entry in names {
      if entry.hasSuffix(suffix) {
        cases.append(
          SpecCase(
            area: area, name: String(entry.dropLast(suffix.count)), directory: directory,
            inputExtension: inputExtension, isDirectory: false))
      } else if includingDirectories {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: "\(directory)/\(entry)", isDirectory: &isDirectory),
          isDirectory.boolValue
        {
          cases.append(
            SpecCase(area: area, name: entry, directory: directory, inputExtension: inputExtension, isDirectory: true))
        }
      }
    }
    return cases.sorted { $0.name < $1.name }
  }
}

/// Every file under `specs/`, for tests that run over all of them (the formatter's properties)
/// rather than over the cases of one area.
public enum SpecFiles {
  /// Absolute path of `specs/`.
  public static let root = RepositoryRoot.path() + "/specs"

  /// Every regular file below `specs/<area>` (or all of `specs/`), as paths relative to `specs/`,
  /// sorted.
  public static func all(under area: String? = nil) -> [String] {
    let base = area.map { "\(root)/\($0)" } ?? root
    guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
    var paths: [String] = []
    while let relative = enumerator.nextObject() as? String {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: "\(base)/\(relative)", isDirectory: &isDirectory),
        !isDirectory.boolValue
      {
        paths.append(area.map { $0 + "/" + relative } ?? relative)
      }
    }
    return paths.sorted()
  }

  /// The bytes of `specs/<relative>` (empty when it cannot be read).
  public static func read(_ relative: String) -> [UInt8] {
    FileManager.default.contents(atPath: "\(root)/\(relative)").map(Array.init) ?? []
  }
}
