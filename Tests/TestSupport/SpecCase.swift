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

/// One spec case: an input file `specs/<area>/<name>.<ext>` and its golden files beside it
/// (`<name>.<golden-extension>`). See specs/README.md.
public struct SpecCase: Sendable, Hashable, CustomStringConvertible {
  public let area: String
  public let name: String
  /// Absolute path of the case's directory (`…/specs/<area>`).
  public let directory: String
  public let inputExtension: String

  public var description: String { "\(area)/\(name)" }

  /// Absolute path of the input file.
  public var inputPath: String { path(inputExtension) }

  /// Absolute path of the file `<name>.<ext>` beside the input.
  public func path(_ ext: String) -> String { "\(directory)/\(name).\(ext)" }

  public func readInput() -> [UInt8] { [UInt8](FileManager.default.contents(atPath: inputPath) ?? Data()) }

  /// The text of golden `<name>.<ext>`, or nil when it does not exist.
  public func golden(_ ext: String) -> String? {
    FileManager.default.contents(atPath: path(ext)).map { String(decoding: $0, as: UTF8.self) }
  }

  /// Every `specs/<area>/*.<inputExtension>`, sorted by name (deterministic test order).
  public static func discover(area: String, inputExtension: String, filePath: String = #filePath) -> [SpecCase] {
    let directory = "\(RepositoryRoot.path(from: filePath))/specs/\(area)"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    let suffix = ".\(inputExtension)"
    return names.filter { $0.hasSuffix(suffix) }.map { String($0.dropLast(suffix.count)) }.sorted().map {
      SpecCase(area: area, name: $0, directory: directory, inputExtension: inputExtension)
    }
  }
}
