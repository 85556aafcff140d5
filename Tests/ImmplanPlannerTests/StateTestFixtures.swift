import Foundation
import ImmplanParser
import Synchronization
import Testing

@testable import ImmplanPlanner

/// Deterministic clock, IDs and randomness for state tests.
final class TestCounter: Sendable {
  private let value = Mutex(0)
  func next() -> Int {
    value.withLock {
      $0 += 1; return $0
    }
  }
  var current: Int { value.withLock { $0 } }
}

enum StateFixtures {
  static func environment() -> StateEnvironment {
    let counter = TestCounter()
    return StateEnvironment(
      makeID: { "id-\(counter.next())" },
      now: { Timestamp(secondsSince1970: 1_764_094_952) },
      randomBytes: { count in (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) } },
      who: { "tester@testhost" })
  }

  static let key = DigestKey(bytes: (0..<32).map { UInt8($0) })
  static let secret = "hunter2-very-secret"

  static func record(
    _ name: String, generation: Int, identity: [String: RecordedValue] = [:], dependencies: [ResourceAddress] = [],
    settings: RecordedSettings = RecordedSettings()
  ) -> ObjectRecord {
    ObjectRecord(
      name: name, generation: generation, digest: String(repeating: "ab", count: 32),
      provider: .sim(directory: ".immplan/sim"), identity: identity, dependencies: dependencies, settings: settings)
  }

  static func cloud(_ record: ObjectRecord, id: String) -> CloudObject {
    CloudObject(record: record, cloudID: id, outputs: ["id": id, "name": record.name])
  }

  static let image = ResourceAddress(kind: .image, name: "web")
  static let template = ResourceAddress(kind: .launchTemplate, name: "web")
  static let fleet = ResourceAddress(kind: .fleet, name: "web")

  /// A state using every feature of the format.
  static func rich() -> State {
    let identity: [String: RecordedValue] = [
      "source": .string("ami-123/base"),
      "size": .number(Number("123456789012345678901234567890.000000001")!),
      "ratio": .number(Number("0.1")!),
      "ports": .list([.number(Number(80)), .number(Number(443))]),
      "zones": .set([.string("a"), .string("b")]),
      "tags": .map(["team": .string("web"), "tier": .string("front/end \"quoted\"")]),
      "wait": .duration(.seconds(90)),
      "enabled": .bool(true),
      "nothing": .null,
      "later": .unknown,
      "token": RecordedValue(.sensitive(.string(secret)), key: key),
    ]
    let image2 = record("immplan-web-g2", generation: 2, identity: identity)
    let image1 = record("immplan-web-g1", generation: 1, identity: ["source": .string("ami-old")])
    let image3 = record("immplan-web-g3", generation: 3, identity: ["source": .string("ami-new")])
    let fleetSettings = RecordedSettings(
      preventDestroy: true, createBeforeDestroy: false, description: "the web fleet", retain: nil,
      healthCheck: HealthCheckSettings(type: .elb, gracePeriod: .seconds(30), timeout: .seconds(300)),
      rollout: RolloutSettings(strategy: .blueGreen, bakeTime: .seconds(60)))
    let fleet1 = record("immplan-fleet-web-g1", generation: 1, dependencies: [template], settings: fleetSettings)
    var fleet7 = record(
      "immplan-fleet-web-g7", generation: 7, dependencies: [template, image], settings: fleetSettings)
    fleet7.provider = .aws(region: "eu-west-1", endpoint: "http://127.0.0.1:5000")
    return State(
      lineage: "lineage-1", serial: 4,
      resources: [
        image: ResourceState(
          current: cloud(image2, id: "img-2"), generations: [.pending(image3), .retained(cloud(image1, id: "img-1"))]),
        fleet: ResourceState(current: cloud(fleet7, id: "asg-7"), generations: [.deposed(cloud(fleet1, id: "asg-1"))]),
      ],
      history: [
        HistoryVersion(
          number: 1, time: Timestamp(secondsSince1970: 1_700_000_000), planChecksum: "sum1",
          objects: [image: HistoryObject(name: "immplan-web-g1", digest: "d1")]),
        HistoryVersion(
          number: 2, time: Timestamp(secondsSince1970: 1_700_000_600), planChecksum: "sum2",
          objects: [
            image: HistoryObject(name: "immplan-web-g2", digest: "d2"),
            fleet: HistoryObject(name: "immplan-fleet-web-g7", digest: "d7"),
          ]),
      ],
      rolledBackFrom: 2, digestKey: key)
  }

  /// A fresh temporary directory, removed by the caller with `cleanup`.
  static func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "immplan-state-tests-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  static func cleanup(_ directory: String) {
    try? FileManager.default.removeItem(atPath: directory)
  }

  static func read(_ path: String) -> [UInt8]? {
    FileManager.default.contents(atPath: path).map { [UInt8]($0) }
  }

  static func write(_ path: String, _ bytes: [UInt8]) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
  }

  static func write(_ path: String, _ text: String) { write(path, Array(text.utf8)) }

  /// The rich state's JSON with `transform` applied to its object form.
  static func mangled(_ transform: (inout [String: Any]) -> Void) -> [UInt8] {
    var object = try! JSONSerialization.jsonObject(with: Data(rich().canonicalBytes)) as! [String: Any]
    transform(&object)
    return [UInt8](try! JSONSerialization.data(withJSONObject: object))
  }
}

extension Array where Element == UInt8 {
  /// True when `needle`'s bytes occur in this array.
  func containsBytes(_ needle: String) -> Bool {
    let pattern = Array(needle.utf8)
    guard !pattern.isEmpty, count >= pattern.count else { return false }
    for start in 0...(count - pattern.count) where self[start] == pattern[0] {
      if self[start..<(start + pattern.count)].elementsEqual(pattern) { return true }
    }
    return false
  }
}
