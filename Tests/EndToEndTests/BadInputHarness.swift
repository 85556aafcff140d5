import Foundation
import ImmplanSupport
import TestSupport
import Testing

/// The bad-input suite's shared fixture and case runner (issue 6, item 5): every input immplan
/// reads, broken on purpose, must give a clear message and exit 1, with no crash, trap or hang,
/// and change no file.
///
/// The fixture is made once per test run: ``BadInputFixture/configuration`` applied on the sim
/// (state serial 1, its `.backup`, the empty lock file, three sim objects), plus `plan.json`, a
/// saved plan for `app_version = "2"` (a replace cascade). Each case copies it to a fresh
/// directory, breaks one input, snapshots every file, runs one command (killed after
/// ``BadInputCase/timeout``), and compares the snapshot.
enum BadInputFixture {
  /// Line numbers matter: cases expect `main.imm.hcl:LINE:COLUMN`. Text appended to it starts at line 34.
  static let configuration = """
    variable "app_version" {
      type    = string
      default = "1.0.0"
    }

    variable "count" {
      type    = number
      default = 2
    }

    provider "sim" {
      latency = "0s"
    }

    image "web" {
      source    = "debian-12"
      provision = ["install-app ${var.app_version}"]
    }

    launch_template "web" {
      image         = image.web.id
      instance_type = "t3.small"
    }

    fleet "web" {
      launch_template = launch_template.web.id
      min_size        = var.count
      max_size        = 2

      health_check {
        timeout = "5s"
      }
    }

    """

  /// The sim objects of the applied fixture (IDs derived from the planned names `immplan-web-g1`).
  static let fleetObject = ".immplan/sim/fleet/immplan-web-g1.json"
  static let imageObject = ".immplan/sim/image/ami-295839163c57024ec.json"
  /// Where `plan.json`'s first create (image.web, `immplan-web-g2`) puts its object.
  static let plannedImageObject = ".immplan/sim/image/ami-343c10948db231163.json"

  /// The prepared fixture's path (made on first use, removed when the test process exits).
  static let base: Result<String, BadInputError> = {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "immplan-badinput-\(ProcessInfo.processInfo.processIdentifier)"
    ).path
    try? FileManager.default.removeItem(atPath: path)
    atexit {
      try? FileManager.default.removeItem(
        atPath: FileManager.default.temporaryDirectory.appendingPathComponent(
          "immplan-badinput-\(ProcessInfo.processInfo.processIdentifier)"
        ).path)
    }
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
      try Data(configuration.utf8).write(to: URL(fileURLWithPath: path + "/main.imm.hcl"))
      for command in [["apply", "-auto-approve"], ["plan", "-var", "app_version=2", "-out", "plan.json"]] {
        let result = try BinaryRunner.run(command, in: path, timeout: 60)
        guard result.status == 0 else {
          return .failure(
            BadInputError("fixture: `immplan \(command.joined(separator: " "))` failed: \(result.stderr)"))
        }
      }
      for object in [fleetObject, imageObject] where !FileManager.default.fileExists(atPath: path + "/" + object) {
        return .failure(BadInputError("fixture: the sim object \(object) is missing (did the sim's IDs change?)"))
      }
    } catch {
      return .failure(BadInputError("fixture: \(error)"))
    }
    return .success(path)
  }()

  /// A fresh copy of the fixture.
  static func copy() throws -> TemporaryDirectory {
    let source = try base.get()
    let target = try TemporaryDirectory()
    try FileManager.default.removeItem(atPath: target.path)
    try FileManager.default.copyItem(atPath: source, toPath: target.path)
    return target
  }
}

struct BadInputError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// One row of a bad-input table.
struct BadInputCase: Sendable, CustomTestStringConvertible {
  var name: String
  /// Breaks one input of the copied fixture (runs before the snapshot).
  var breakInput: @Sendable (BadInputDirectory) throws -> Void
  var command: [String]
  /// Exit status: 1, except where the input must be survived (a garbage lock file not held).
  var status: Int32 = 1
  /// Every one of these must appear in stderr (stdout too when `status` is 0): the clear message,
  /// with `file:line:column` where the input has a source.
  var messages: [String]
  /// Paths that may change. Empty but for an apply that started: it records the plan as spent
  /// and the create it attempted (BRIEF §3, §5), and must leave every sim object as it was.
  var mayChange: Set<String> = []
  /// Content of the lock file while this test process holds its `flock` (another immplan, to the
  /// command under test); nil: not held.
  var heldLock: String?
  var timeout: Double = 30

  var testDescription: String { name }

  init(
    _ name: String, _ command: [String], status: Int32 = 1, expect messages: [String], mayChange: Set<String> = [],
    heldLock: String? = nil, breaking breakInput: @escaping @Sendable (BadInputDirectory) throws -> Void
  ) {
    self.name = name
    self.command = command
    self.status = status
    self.messages = messages
    self.mayChange = mayChange
    self.heldLock = heldLock
    self.breakInput = breakInput
  }

  /// Copies the fixture, breaks the input, runs the command and checks status, messages, that
  /// nothing crashed or hung, that the message is of readable size, and that no file changed.
  func check() throws {
    let directory = try BadInputFixture.copy()
    let files = BadInputDirectory(path: directory.path)
    try breakInput(files)
    let holder = try heldLock.map {
      try LockFileHolder(path: directory.path + "/immplan.state.json.lock", contents: $0)
    }
    let before = DirectorySnapshot(directory.path)
    let result = try BinaryRunner.run(command, in: directory.path, timeout: timeout)
    let after = DirectorySnapshot(directory.path)
    holder?.release()
    let shown =
      "\(name): `immplan \(command.joined(separator: " "))` exit \(result.status)\n"
      + "stderr: \(result.stderr.prefix(3000))\nstdout: \(result.stdout.prefix(1000))"
    #expect(!result.timedOut, "hung (killed after \(timeout)s): \(shown)")
    #expect(result.status == status, "\(shown)")
    let text = status == 0 ? result.stderr + result.stdout : result.stderr
    for message in messages {
      #expect(text.contains(message), "expected `\(message)` in the message: \(shown)")
    }
    for crash in ["Fatal error", "Stack dump", "Illegal instruction", "Segmentation fault", "Trace/breakpoint"] {
      #expect(!result.stderr.contains(crash), "crashed: \(shown)")
    }
    // A message quoting a 10 MB input must not be 10 MB long.
    #expect(result.stderr.utf8.count < 20_000, "\(name): \(result.stderr.utf8.count) bytes on stderr")
    let differences = after.differences(from: before, allowing: mayChange)
    #expect(differences.isEmpty, "\(name): files changed: \(differences.joined(separator: ", "))\n\(shown)")
  }
}

/// The copied fixture, with the edits cases make to it. Edits that find nothing to change throw,
/// so a case cannot silently stop breaking anything when the fixture changes.
struct BadInputDirectory: Sendable {
  var path: String

  func url(_ relative: String) -> URL { URL(fileURLWithPath: path + "/" + relative) }

  func read(_ relative: String) throws -> [UInt8] { Array(try Data(contentsOf: url(relative))) }

  func write(_ relative: String, _ bytes: [UInt8]) throws {
    try FileManager.default.createDirectory(
      at: url(relative).deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(bytes).write(to: url(relative))
  }

  func write(_ relative: String, _ text: String) throws { try write(relative, Array(text.utf8)) }

  func append(_ relative: String, _ bytes: [UInt8]) throws { try write(relative, try read(relative) + bytes) }

  func append(_ relative: String, _ text: String) throws { try append(relative, Array(text.utf8)) }

  /// Replaces the first occurrence of `old` (which must occur) with `new`.
  func replace(_ relative: String, _ old: String, with new: [UInt8]) throws {
    let bytes = try read(relative)
    let needle = Array(old.utf8)
    guard let start = Self.find(needle, in: bytes) else { throw BadInputError("`\(old)` is not in \(relative)") }
    try write(relative, Array(bytes[..<start]) + new + Array(bytes[(start + needle.count)...]))
  }

  func replace(_ relative: String, _ old: String, with new: String) throws {
    try replace(relative, old, with: Array(new.utf8))
  }

  /// Replaces the first occurrence of `old` after the first occurrence of `marker`.
  func replace(_ relative: String, _ old: String, after marker: String, with new: String) throws {
    let bytes = try read(relative)
    guard let base = Self.find(Array(marker.utf8), in: bytes) else {
      throw BadInputError("`\(marker)` is not in \(relative)")
    }
    let needle = Array(old.utf8)
    guard let offset = Self.find(needle, in: Array(bytes[base...])) else {
      throw BadInputError("`\(old)` is not after `\(marker)` in \(relative)")
    }
    let start = base + offset
    try write(relative, Array(bytes[..<start]) + Array(new.utf8) + Array(bytes[(start + needle.count)...]))
  }

  /// Decodes the JSON file, lets `edit` change it, and writes it back (sorted keys, not canonical).
  func editJSON(_ relative: String, _ edit: (inout [String: Any]) -> Void) throws {
    guard var object = try JSONSerialization.jsonObject(with: Data(try read(relative))) as? [String: Any] else {
      throw BadInputError("\(relative) is not a JSON object")
    }
    edit(&object)
    try write(relative, Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])))
  }

  /// Keeps the bytes before the first occurrence of `marker` (which must occur).
  func truncate(_ relative: String, before marker: String) throws {
    let bytes = try read(relative)
    guard let start = Self.find(Array(marker.utf8), in: bytes) else {
      throw BadInputError("`\(marker)` is not in \(relative)")
    }
    try write(relative, Array(bytes[..<start]))
  }

  /// Replaces a file by a directory of the same name.
  func makeDirectory(_ relative: String) throws {
    try? FileManager.default.removeItem(at: url(relative))
    try FileManager.default.createDirectory(at: url(relative), withIntermediateDirectories: true)
  }

  func remove(_ relative: String) throws { try FileManager.default.removeItem(at: url(relative)) }

  /// Runs immplan as part of breaking an input (applying a plan once, before applying it twice).
  func run(_ arguments: [String]) throws {
    let result = try BinaryRunner.run(arguments, in: path, timeout: 60)
    guard result.status == 0 else { throw BadInputError("setup `\(arguments)` failed: \(result.stderr)") }
  }

  /// Re-seals `plan.json` after an edit: recomputes its checksum the way immplan does (SHA-256 of
  /// the bytes with the checksum's value empty), so the edit reaches the field-by-field checks.
  func resealPlan(_ relative: String = "plan.json") throws {
    let bytes = try read(relative)
    let marker = Array("\n  \"checksum\": \"".utf8)
    guard let start = Self.find(marker, in: bytes) else { throw BadInputError("no checksum in \(relative)") }
    let valueStart = start + marker.count
    guard let valueEnd = bytes[valueStart...].firstIndex(of: UInt8(ascii: "\"")) else {
      throw BadInputError("unterminated checksum in \(relative)")
    }
    let unsealed = Array(bytes[..<valueStart]) + Array(bytes[valueEnd...])
    let checksum = Array(Hex.encode(SHA256.hash(unsealed)).utf8)
    try write(relative, Array(bytes[..<valueStart]) + checksum + Array(bytes[valueEnd...]))
  }

  static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
    for index in 0...(haystack.count - needle.count)
    where haystack[index] == needle[0] && haystack[index..<index + needle.count].elementsEqual(needle) {
      return index
    }
    return nil
  }
}

/// Sets (nil: removes) the member at `path` of nested JSON objects.
func setJSON(_ object: inout [String: Any], _ path: [String], _ value: Any?) {
  guard let first = path.first else { return }
  if path.count == 1 {
    object[first] = value
    return
  }
  var child = object[first] as? [String: Any] ?? [:]
  setJSON(&child, Array(path.dropFirst()), value)
  object[first] = child
}
