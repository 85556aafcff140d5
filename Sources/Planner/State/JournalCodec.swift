import Foundation
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
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var out: [UInt8] = []
    for entry in entries {
      guard let data = try? encoder.encode(JournalEntryConverter.dto(from: entry)) else {
        preconditionFailure("encoding a journal entry cannot fail")
      }
      let body = [UInt8](data)
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
    let decoder = JSONDecoder()
    while lineStart < bytes.count {
      guard let newline = bytes[lineStart...].firstIndex(of: 0x0a) else {
        // A last line without its newline: torn by a crash mid-write, never acknowledged.
        return Decoded(entries: entries, intactLength: lineStart, hadTornTail: true)
      }
      lineNumber += 1
      let line = bytes[lineStart..<newline]
      entries.append(try decodeLine(line, number: lineNumber, path: path, decoder: decoder))
      lineStart = newline + 1
    }
    return Decoded(entries: entries, intactLength: lineStart, hadTornTail: false)
  }

  private static func decodeLine(_ line: ArraySlice<UInt8>, number: Int, path: String, decoder: JSONDecoder)
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
    let dto: JournalEntryConverter.DTO
    do {
      dto = try decoder.decode(JournalEntryConverter.DTO.self, from: Data(body))
    } catch {
      throw corrupt(StateError.from(error, path: path).description)
    }
    do {
      return try JournalEntryConverter(path: path).entry(from: dto)
    } catch {
      if case .invalidField(_, let jsonPath, let reason) = error {
        throw corrupt("`\(jsonPath.replacingOccurrences(of: "$", with: "$.entry"))`: \(reason)")
      }
      throw corrupt(error.description)
    }
  }
}

/// JournalEntry ⇄ its Codable DTO.
struct JournalEntryConverter {
  var path: String

  /// A flat record: `type` says which of the optional fields are present.
  struct DTO: Codable {
    var type: String
    var address: String?
    var generation: Int?
    var object: StateFile.Object?
    var previousCurrent: String?
    var to: String?
    var name: String?
    var operation: String?
    var message: String?
    var settings: StateFile.Settings?
    var fromVersion: Int?
    var planChecksum: String?
    var time: String?

    init(type: String) { self.type = type }

    enum CodingKeys: String, CodingKey {
      case type, address, generation, object
      case previousCurrent = "previous_current"
      case to, name, operation, message, settings
      case fromVersion = "from_version"
      case planChecksum = "plan_checksum"
      case time
    }
  }

  static func dto(from entry: JournalEntry) -> DTO {
    switch entry {
    case .createStarted(let address, let record):
      var dto = DTO(type: "create_started")
      dto.address = address.description
      dto.object = StateConverter.object(address: address, status: .pending, record: record, cloud: nil)
      return dto
    case .created(let address, let object, let previous):
      var dto = DTO(type: "created")
      dto.address = address.description
      dto.object = StateConverter.object(address: address, status: .current, record: object.record, cloud: object)
      dto.previousCurrent = previous.rawValue
      return dto
    case .destroyStarted(let address, let generation, let name):
      var dto = DTO(type: "destroy_started")
      dto.address = address.description
      dto.generation = generation
      dto.name = name
      return dto
    case .destroyed(let address, let generation):
      var dto = DTO(type: "destroyed")
      dto.address = address.description
      dto.generation = generation
      return dto
    case .failed(let address, let generation, let operation, let message):
      var dto = DTO(type: "failed")
      dto.address = address.description
      dto.generation = generation
      dto.operation = operation.rawValue
      dto.message = message
      return dto
    case .demoted(let address, let generation, let status):
      var dto = DTO(type: "demoted")
      dto.address = address.description
      dto.generation = generation
      dto.to = status.rawValue
      return dto
    case .promoted(let address, let generation, let previous):
      var dto = DTO(type: "promoted")
      dto.address = address.description
      dto.generation = generation
      dto.previousCurrent = previous.rawValue
      return dto
    case .settingsRecorded(let address, let settings):
      var dto = DTO(type: "settings_recorded")
      dto.address = address.description
      dto.settings = StateConverter.settingsDTO(settings)
      return dto
    case .rollbackMarker(let version):
      var dto = DTO(type: "rollback_marker")
      dto.fromVersion = version
      return dto
    case .planApplied(let checksum, let time):
      var dto = DTO(type: "plan_applied")
      dto.planChecksum = checksum
      dto.time = time.description
      return dto
    }
  }

  private func invalid(_ jsonPath: String, _ reason: String) -> StateError {
    .invalidField(path: path, jsonPath: jsonPath, reason: reason)
  }

  private func required<T>(_ value: T?, _ key: String) throws(StateError) -> T {
    guard let value else { throw invalid("$.\(key)", "missing required field") }
    return value
  }

  private func address(_ dto: DTO) throws(StateError) -> ResourceAddress {
    let text = try required(dto.address, "address")
    guard let address = ResourceAddress(parsing: text) else {
      throw invalid("$.address", "`\(text)` is not a resource address")
    }
    return address
  }

  private func demoted(_ text: String?, _ key: String) throws(StateError) -> DemotedStatus {
    let text = try required(text, key)
    guard let status = DemotedStatus(rawValue: text) else {
      throw invalid("$.\(key)", "expected `retained` or `deposed`, found `\(text)`")
    }
    return status
  }

  func entry(from dto: DTO) throws(StateError) -> JournalEntry {
    let converter = StateConverter(path: path)
    switch dto.type {
    case "create_started":
      let address = try address(dto)
      let object = try required(dto.object, "object")
      guard object.cloudID == nil, object.outputs == nil else {
        throw invalid("$.object.cloud_id", "an object whose creation only started has no cloud ID or outputs")
      }
      return .createStarted(address, try converter.record(object, address: address, base: "$.object"))
    case "created":
      let address = try address(dto)
      let object = try required(dto.object, "object")
      let record = try converter.record(object, address: address, base: "$.object")
      let cloud = try converter.cloudObject(object, record: record, base: "$.object")
      return .created(address, cloud, previousCurrent: try demoted(dto.previousCurrent, "previous_current"))
    case "destroy_started":
      return .destroyStarted(
        try address(dto), generation: try required(dto.generation, "generation"), name: try required(dto.name, "name"))
    case "destroyed":
      return .destroyed(try address(dto), generation: try required(dto.generation, "generation"))
    case "failed":
      let text = try required(dto.operation, "operation")
      guard let operation = JournalOperation(rawValue: text) else {
        throw invalid("$.operation", "expected `create` or `destroy`, found `\(text)`")
      }
      return .failed(
        try address(dto), generation: try required(dto.generation, "generation"), operation: operation,
        message: try required(dto.message, "message"))
    case "demoted":
      return .demoted(
        try address(dto), generation: try required(dto.generation, "generation"), to: try demoted(dto.to, "to"))
    case "promoted":
      return .promoted(
        try address(dto), generation: try required(dto.generation, "generation"),
        previousCurrent: try demoted(dto.previousCurrent, "previous_current"))
    case "settings_recorded":
      return .settingsRecorded(
        try address(dto), try converter.settings(try required(dto.settings, "settings"), base: "$.settings"))
    case "rollback_marker":
      return .rollbackMarker(fromVersion: dto.fromVersion)
    case "plan_applied":
      let text = try required(dto.time, "time")
      guard let time = Timestamp(parsing: text) else { throw invalid("$.time", "`\(text)` is not a UTC time") }
      return .planApplied(planChecksum: try required(dto.planChecksum, "plan_checksum"), time: time)
    default:
      throw invalid("$.type", "unknown journal entry type `\(dto.type)`")
    }
  }
}
