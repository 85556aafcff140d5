import Foundation
import ImmplanParser

/// One live object of the simulated cloud, as stored in `DIR/KIND/ID.json` (the on-disk DTO).
struct SimObject: Sendable, Hashable {
  enum Status: String, Sendable { case pending, ready }

  struct Instance: Sendable, Hashable {
    var id: String
    /// `pending` until the fleet is ready, then `healthy` or `unhealthy`.
    var health: String
  }

  var kind: ResourceKind
  var id: String
  var name: String
  /// The resource address that created it (like a tag), for inspection and the `fail` map.
  var address: String
  var identity: [String: JSONValue]
  var outputs: [String: JSONValue]
  var status: Status
  var createdAt: Date
  var readyAt: Date
  /// Fleets only.
  var instances: [Instance]

  func isReady(at now: Date) -> Bool { status == .ready || now >= readyAt }

  var createdObject: CreatedObject {
    CreatedObject(kind: kind, cloudID: id, plannedName: name, outputs: outputs.mapValues(\.value))
  }

  // MARK: - JSON

  var json: JSONValue {
    var entries: [String: JSONValue] = [
      "kind": .string(kind.rawValue),
      "id": .string(id),
      "name": .string(name),
      "address": .string(address),
      "identity": .object(identity),
      "outputs": .object(outputs),
      "state": .string(status.rawValue),
      "created_at": .string(SimObject.timestamp(createdAt)),
      "created_at_ms": .number(String(SimObject.milliseconds(createdAt))),
      "ready_at": .string(SimObject.timestamp(readyAt)),
      "ready_at_ms": .number(String(SimObject.milliseconds(readyAt))),
    ]
    if kind == .fleet {
      entries["instances"] = .array(
        instances.map { .object(["id": .string($0.id), "health": .string($0.health)]) })
    }
    return .object(entries)
  }

  init(
    kind: ResourceKind, id: String, name: String, address: String, identity: [String: JSONValue],
    outputs: [String: JSONValue], status: Status, createdAt: Date, readyAt: Date, instances: [Instance]
  ) {
    self.kind = kind
    self.id = id
    self.name = name
    self.address = address
    self.identity = identity
    self.outputs = outputs
    self.status = status
    self.createdAt = createdAt
    self.readyAt = readyAt
    self.instances = instances
  }

  init?(json: JSONValue) {
    guard let kindText = json["kind"]?.string, let kind = ResourceKind(rawValue: kindText),
      let id = json["id"]?.string, let name = json["name"]?.string,
      let identity = json["identity"]?.object, let outputs = json["outputs"]?.object,
      let statusText = json["state"]?.string, let status = Status(rawValue: statusText),
      let created = json["created_at_ms"]?.int, let ready = json["ready_at_ms"]?.int
    else { return nil }
    var instances: [Instance] = []
    for item in json["instances"]?.array ?? [] {
      guard let id = item["id"]?.string, let health = item["health"]?.string else { return nil }
      instances.append(Instance(id: id, health: health))
    }
    self.init(
      kind: kind, id: id, name: name, address: json["address"]?.string ?? "", identity: identity, outputs: outputs,
      status: status, createdAt: Date(timeIntervalSince1970: Double(created) / 1000),
      readyAt: Date(timeIntervalSince1970: Double(ready) / 1000), instances: instances)
  }

  static func milliseconds(_ date: Date) -> Int64 { Int64(saturating: (date.timeIntervalSince1970 * 1000).rounded()) }

  /// `date` as the file records it: whole milliseconds.
  static func recorded(_ date: Date) -> Date { Date(timeIntervalSince1970: Double(milliseconds(date)) / 1000) }

  /// `2026-01-01T00:00:00.000Z`, computed by hand so it is cheap and needs no shared formatter.
  static func timestamp(_ date: Date) -> String {
    let total = milliseconds(date)
    let millis = Int(((total % 1000) + 1000) % 1000)
    var seconds = (total - Int64(millis)) / 1000
    let secondOfDay = Int(((seconds % 86400) + 86400) % 86400)
    seconds -= Int64(secondOfDay)
    // Days since 1970-01-01 to civil date (Howard Hinnant's algorithm).
    let days = seconds / 86400 + 719_468
    let era = (days >= 0 ? days : days - 146_096) / 146_097
    let dayOfEra = days - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthPrime = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
    let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    func pad(_ value: some BinaryInteger, _ width: Int) -> String {
      let text = String(value)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
      + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(millis, 3))Z"
  }
}
