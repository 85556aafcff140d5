import ImmplanParser

/// The journal's line format: one JSON object per line,
/// `{"entry":{…},"sha256":"<hex of the entry's bytes>"}` followed by `\n`.
///
/// The checksum covers the exact bytes of the `entry` value as written, so a line is verified
/// without re-encoding. A last segment without its newline is a write torn by a crash: it is
/// ignored (and cut off before the next append). Any damaged line before it is an error.
public enum JournalCodec {
  private static let prefix = Array("{\"entry\":".utf8)
  private static let infix = Array(",\"sha256\":\"".utf8)
  private static let suffix = Array("\"}".utf8)

  /// The lines for `entries`, newline-terminated, ready to append.
  public static func encode(_ entries: [JournalEntry]) -> [UInt8] {
    var out: [UInt8] = []
    for entry in entries {
      let body = JournalEntryConverter.json(entry).encoded(pretty: false)
      out += prefix
      out += body
      out += infix
      out += Array(StateHashing.hex(StateHashing.sha256(body)).utf8)
      out += suffix
      out.append(0x0a)
    }
    return out
  }

  /// The decoded journal: its entries, and the length of its intact prefix (the end of the last
  /// newline-terminated line), which is where the next append must start.
  public struct Decoded: Sendable, Hashable {
    public var entries: [JournalEntry]
    public var intactLength: Int
    /// True when a torn last line was ignored.
    public var hadTornTail: Bool
  }

  /// Decodes a whole journal. `path` is for messages.
  public static func decode(_ bytes: [UInt8], path: String) throws(StateError) -> Decoded {
    var entries: [JournalEntry] = []
    var lineStart = 0
    var lineNumber = 0
    while lineStart < bytes.count {
      guard let newline = bytes[lineStart...].firstIndex(of: 0x0a) else {
        // A last line without its newline: torn by a crash mid-write, never acknowledged.
        return Decoded(entries: entries, intactLength: lineStart, hadTornTail: true)
      }
      lineNumber += 1
      let line = bytes[lineStart..<newline]
      entries.append(try decodeLine(line, number: lineNumber, path: path))
      lineStart = newline + 1
    }
    return Decoded(entries: entries, intactLength: lineStart, hadTornTail: false)
  }

  private static func decodeLine(_ line: ArraySlice<UInt8>, number: Int, path: String)
    throws(StateError) -> JournalEntry
  {
    func corrupt(_ reason: String) -> StateError { .corruptJournal(path: path, line: number, reason: reason) }
    let checksumLength = 64
    guard line.count > prefix.count + infix.count + checksumLength + suffix.count, line.starts(with: prefix),
      line.suffix(suffix.count).elementsEqual(suffix)
    else { throw corrupt("not a journal record (expected `{\"entry\":…,\"sha256\":\"…\"}`)") }
    let checksumEnd = line.endIndex - suffix.count
    let checksumStart = checksumEnd - checksumLength
    let bodyEnd = checksumStart - infix.count
    let bodyStart = line.startIndex + prefix.count
    guard bodyStart < bodyEnd, line[bodyEnd..<checksumStart].elementsEqual(infix) else {
      throw corrupt("not a journal record (expected `{\"entry\":…,\"sha256\":\"…\"}`)")
    }
    let body = Array(line[bodyStart..<bodyEnd])
    let checksum = String(decoding: line[checksumStart..<checksumEnd], as: UTF8.self)
    guard StateHashing.hex(StateHashing.sha256(body)) == checksum else {
      throw corrupt("checksum mismatch (the record was altered or damaged)")
    }
    let json: JSONValue
    do {
      json = try JSONParser.parse(body)
    } catch {
      throw corrupt("not JSON: \(error.description)")
    }
    do {
      return try JournalEntryConverter(path: path).entry(from: json)
    } catch {
      if case .invalidField(_, let jsonPath, let reason) = error { throw corrupt("`\(jsonPath)`: \(reason)") }
      throw corrupt(error.description)
    }
  }
}

/// JournalEntry ⇄ its JSON form: an object with `type` and the fields that type needs.
struct JournalEntryConverter {
  var path: String

  static func json(_ entry: JournalEntry) -> JSONValue {
    func members(_ type: String, _ rest: [String: JSONValue]) -> JSONValue {
      var all = rest
      all["type"] = .string(type)
      return .object(all)
    }
    switch entry {
    case .createStarted(let address, let record):
      return members(
        "create_started",
        [
          "address": .string(address.description),
          "object": StateFileWriter.object(address: address, status: .pending, record: record, cloud: nil),
        ])
    case .created(let address, let object, let previous):
      return members(
        "created",
        [
          "address": .string(address.description),
          "object": StateFileWriter.object(address: address, status: .current, record: object.record, cloud: object),
          "previous_current": .string(previous.rawValue),
        ])
    case .destroyStarted(let address, let generation, let name):
      return members(
        "destroy_started",
        ["address": .string(address.description), "generation": .integer(generation), "name": .string(name)])
    case .destroyed(let address, let generation):
      return members("destroyed", ["address": .string(address.description), "generation": .integer(generation)])
    case .failed(let address, let generation, let operation, let message):
      return members(
        "failed",
        [
          "address": .string(address.description), "generation": .integer(generation),
          "operation": .string(operation.rawValue), "message": .string(message),
        ])
    case .demoted(let address, let generation, let status):
      return members(
        "demoted",
        ["address": .string(address.description), "generation": .integer(generation), "to": .string(status.rawValue)])
    case .promoted(let address, let generation, let previous):
      return members(
        "promoted",
        [
          "address": .string(address.description), "generation": .integer(generation),
          "previous_current": .string(previous.rawValue),
        ])
    case .settingsRecorded(let address, let settings):
      return members(
        "settings_recorded", ["address": .string(address.description), "settings": StateFileWriter.settings(settings)])
    case .rollbackMarker(let version):
      return members("rollback_marker", version.map { ["from_version": .integer($0)] } ?? [:])
    case .planApplied(let checksum, let time):
      return members("plan_applied", ["plan_checksum": .string(checksum), "time": .string(time.description)])
    }
  }

  private static let allowedKeys: [String: [String]] = [
    "create_started": ["address", "object"],
    "created": ["address", "object", "previous_current"],
    "destroy_started": ["address", "generation", "name"],
    "destroyed": ["address", "generation"],
    "failed": ["address", "generation", "operation", "message"],
    "demoted": ["address", "generation", "to"],
    "promoted": ["address", "generation", "previous_current"],
    "settings_recorded": ["address", "settings"],
    "rollback_marker": ["from_version"],
    "plan_applied": ["plan_checksum", "time"],
  ]

  private func address(_ reader: JSONObjectReader) throws(StateError) -> ResourceAddress {
    let text = try reader.string("address")
    guard let address = ResourceAddress(parsing: text) else {
      throw reader.invalid("address", "`\(text)` is not a resource address")
    }
    return address
  }

  private func demoted(_ reader: JSONObjectReader, _ key: String) throws(StateError) -> DemotedStatus {
    let text = try reader.string(key)
    guard let status = DemotedStatus(rawValue: text) else {
      throw reader.invalid(key, "expected `retained` or `deposed`, found `\(text)`")
    }
    return status
  }

  func entry(from json: JSONValue) throws(StateError) -> JournalEntry {
    let reader = try JSONObjectReader(json, path: "$.entry", file: path)
    let type = try reader.string("type")
    guard var allowed = JournalEntryConverter.allowedKeys[type] else {
      throw reader.invalid("type", "unknown journal entry type `\(type)`")
    }
    allowed.append("type")
    try reader.rejectUnknown(allowed)
    let files = StateFileReader(file: path)
    switch type {
    case "create_started":
      let address = try address(reader)
      let object = try reader.object("object")
      try files.requirePending(object)
      return .createStarted(address, try files.record(object, address: address))
    case "created":
      let address = try address(reader)
      let object = try reader.object("object")
      let record = try files.record(object, address: address)
      return .created(
        address, try files.cloudObject(object, record: record),
        previousCurrent: try demoted(reader, "previous_current"))
    case "destroy_started":
      return .destroyStarted(
        try address(reader), generation: try reader.int("generation"), name: try reader.string("name"))
    case "destroyed":
      return .destroyed(try address(reader), generation: try reader.int("generation"))
    case "failed":
      let text = try reader.string("operation")
      guard let operation = JournalOperation(rawValue: text) else {
        throw reader.invalid("operation", "expected `create` or `destroy`, found `\(text)`")
      }
      return .failed(
        try address(reader), generation: try reader.int("generation"), operation: operation,
        message: try reader.string("message"))
    case "demoted":
      return .demoted(try address(reader), generation: try reader.int("generation"), to: try demoted(reader, "to"))
    case "promoted":
      return .promoted(
        try address(reader), generation: try reader.int("generation"),
        previousCurrent: try demoted(reader, "previous_current"))
    case "settings_recorded":
      return .settingsRecorded(try address(reader), try files.settings(try reader.object("settings")))
    case "rollback_marker":
      return .rollbackMarker(fromVersion: try reader.optionalInt("from_version"))
    default:  // "plan_applied"
      let text = try reader.string("time")
      guard let time = Timestamp(parsing: text) else { throw reader.invalid("time", "`\(text)` is not a UTC time") }
      return .planApplied(planChecksum: try reader.string("plan_checksum"), time: time)
    }
  }
}
