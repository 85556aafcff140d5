import Foundation
import ImmplanParser
import ImmplanSupport

/// Writing and reading plan files (BRIEF §3): JSON, `format_version` 2, sorted keys, two-space
/// layout, final newline — byte-for-byte identical for equal plans.
///
/// Format versions: 1 was written by immplan 0.1.0; 2 adds module paths and instance keys to
/// addresses, aliases and profiles to provider bindings, and providers keyed by configuration
/// (`aws.eu`). A plan is applied only by a build that writes its format: an older plan file is
/// refused with "plan again" rather than read under rules it was not made with.
///
/// **Checksum.** `checksum` is the SHA-256 (lowercase hex) of the file's exact bytes as written
/// with the checksum's value empty (`"checksum" : ""`). Reading recomputes it the same way, so any
/// change to any byte — content or layout — is detected. It is what `plan -out` prints and what
/// `apply -expect-checksum` compares.
public enum PlanFile {
  /// The plan file format this build writes and the newest it reads.
  public static let formatVersion = 2

  /// The bytes of the plan file and their checksum. `parallelism` bounds the escaping of the
  /// embedded configuration's text; the bytes are the same at every width.
  public static func encode(_ plan: Plan, parallelism: Parallel = .default) -> (bytes: [UInt8], checksum: String) {
    var unsealed = encodeUnsealed(plan, parallelism: parallelism)
    let checksum = Hex.encode(SHA256.hash(unsealed.bytes))
    // Sealing only fills in the empty checksum (see ``marker``): the same bytes as encoding the
    // document again with it, without building and writing the whole plan twice, in place.
    unsealed.bytes.replaceSubrange(unsealed.checksumOffset..<unsealed.checksumOffset, with: checksum.utf8)
    return (unsealed.bytes, checksum)
  }

  /// A plan file's bytes with the checksum's value still empty (exactly the bytes the checksum
  /// is the SHA-256 of), and the offset where the value goes.
  struct Unsealed: Sendable {
    var bytes: [UInt8]
    var checksumOffset: Int
  }

  static func encodeUnsealed(_ plan: Plan, parallelism: Parallel) -> Unsealed {
    // Sized up front (the configuration's text is most of a large plan file; each change is a
    // few KB): no regrowth copies of tens of megabytes.
    let estimate =
      plan.configuration.files.reduce(64 << 10) { $0 + $1.text.utf8.count + $1.text.utf8.count / 16 }
      + plan.changes.count * 8192 + plan.operations.count * 256 + checksumLength
    var bytes = PlanFileWriter.document(plan, checksum: "").encoded(
      pretty: true, capacity: estimate, parallelism: parallelism)
    bytes.append(0x0A)
    guard let start = find(marker, in: bytes) else {
      preconditionFailure("a plan file always has a top-level `checksum`")
    }
    return Unsealed(bytes: bytes, checksumOffset: start + marker.count)
  }

  /// Length of the checksum's value: SHA-256 in lowercase hex.
  static let checksumLength = 64

  /// Reads and validates a plan file: JSON syntax (a truncated file says so), that it is a plan
  /// file, its `format_version`, the checksum, then every field. `path` is only for messages.
  public static func decode(_ bytes: [UInt8], path: String) throws(PlanFileError) -> (plan: Plan, checksum: String) {
    let json: JSONValue
    do {
      json = try JSONParser.parse(bytes)
    } catch {
      throw .malformedJSON(path: path, detail: error.description)
    }
    guard case .object = json else { throw .notAPlanFile(path: path, reason: "the top level is not a JSON object") }
    guard case .number(let versionText)? = json["format_version"], let version = Int(versionText) else {
      if json["lineage"] != nil { throw .notAPlanFile(path: path, reason: "it looks like a state file") }
      throw .notAPlanFile(path: path, reason: "it has no `format_version`")
    }
    if version > formatVersion { throw .newerFormatVersion(path: path, found: version, supported: formatVersion) }
    if version < 1 { throw .unsupportedFormatVersion(path: path, found: version) }
    if version < formatVersion { throw .olderFormatVersion(path: path, found: version, supported: formatVersion) }
    guard case .string(let recorded)? = json["checksum"] else {
      if json["checksum"] == nil, json["lineage"] != nil {
        throw .notAPlanFile(path: path, reason: "it looks like a state file")
      }
      throw .invalidField(path: path, jsonPath: "$.checksum", reason: "missing required field")
    }
    let actual = checksum(ofFileBytes: bytes, recorded: recorded)
    guard actual == recorded else {
      throw .checksumMismatch(path: path, recorded: recorded, actual: actual ?? "(no checksum field)")
    }
    do {
      return (try PlanFileReader(file: path).plan(from: json), recorded)
    } catch {
      if case .invalidField(_, let jsonPath, let reason) = error {
        throw .invalidField(path: path, jsonPath: jsonPath, reason: reason)
      }
      throw .invalidField(path: path, jsonPath: "$", reason: error.description)
    }
  }

  /// The top-level checksum member as the document encoder writes it (nested keys are indented
  /// deeper, and quotes inside strings are escaped, so this occurs once).
  private static let marker = Array("\n  \"checksum\": \"".utf8)

  /// SHA-256 of `bytes` with the recorded checksum's value cut out; nil when the member is missing.
  private static func checksum(ofFileBytes bytes: [UInt8], recorded: String) -> String? {
    let value = Array(recorded.utf8)
    guard let start = find(marker, in: bytes) else { return nil }
    let valueStart = start + marker.count
    guard valueStart + value.count < bytes.count, Array(bytes[valueStart..<valueStart + value.count]) == value,
      bytes[valueStart + value.count] == UInt8(ascii: "\"")
    else { return nil }
    var hasher = SHA256.Hasher()
    hasher.update(bytes[..<valueStart])
    hasher.update(bytes[(valueStart + value.count)...])
    return Hex.encode(hasher.finalize())
  }

  private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard haystack.count >= needle.count else { return nil }
    var index = 0
    while index <= haystack.count - needle.count {
      if haystack[index] == needle[0], haystack[index..<index + needle.count].elementsEqual(needle) { return index }
      index += 1
    }
    return nil
  }
}

/// Why a plan file cannot be used. Rendered as one line by `description`.
public enum PlanFileError: Error, Sendable, Hashable, CustomStringConvertible {
  case io(path: String, reason: String)
  case malformedJSON(path: String, detail: String)
  case notAPlanFile(path: String, reason: String)
  case newerFormatVersion(path: String, found: Int, supported: Int)
  case unsupportedFormatVersion(path: String, found: Int)
  /// Written by an earlier release: its plan is not applied, it is made again.
  case olderFormatVersion(path: String, found: Int, supported: Int)
  case checksumMismatch(path: String, recorded: String, actual: String)
  case invalidField(path: String, jsonPath: String, reason: String)

  public var description: String {
    switch self {
    case .io(let path, let reason): "cannot read plan file `\(path)`: \(reason)"
    case .malformedJSON(let path, let detail): "plan file `\(path)` is not valid JSON (truncated?): \(detail)"
    case .notAPlanFile(let path, let reason): "`\(path)` is not an immplan plan file: \(reason)"
    case .newerFormatVersion(let path, let found, let supported):
      "plan file `\(path)` has format version \(found), newer than this build understands (\(supported)); upgrade immplan"
    case .unsupportedFormatVersion(let path, let found): "plan file `\(path)` has unsupported format version \(found)"
    case .olderFormatVersion(let path, let found, let supported):
      "plan file `\(path)` has format version \(found), written by an earlier immplan; this build applies only"
        + " format \(supported): plan again (`immplan plan -out FILE`) and apply the new plan"
    case .checksumMismatch(let path, let recorded, let actual):
      "plan file `\(path)` was modified after it was saved: checksum \(recorded.prefix(12))… recorded, content hashes to \(actual.prefix(12))…"
    case .invalidField(let path, let jsonPath, let reason): "plan file `\(path)`: `\(jsonPath)`: \(reason)"
    }
  }

}
