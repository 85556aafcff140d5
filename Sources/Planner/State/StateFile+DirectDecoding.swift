import ImmplanParser

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a state document straight from its UTF-8 bytes into ``State``, without the intermediate
/// ``JSONValue`` tree: at 100,000 resources the tree was ~1 GB of small allocations and most of
/// the state read's time.
///
/// The fast path of ``State/init(decoding:path:)``. It accepts a document only when it is sure
/// the tree reader (``StateFileReader``) would accept it and build the same ``State``: the same
/// JSON syntax rules (strict RFC 8259, no duplicate keys, valid UTF-8, bounded nesting), the same
/// fields, types and invariants. On anything else — an error of any kind, or a form it does not
/// bother with (an object where a field is ignored, an escaped key, an integer over 18 digits) —
/// it gives up, and the tree reader runs and reports the first problem exactly as before.
struct StateDirectDecoder {
  struct GiveUp: Error {}

  private let bytes: UnsafeBufferPointer<UInt8>
  private var offset = 0
  private var depth = 0
  /// Canonical numbers of values seen (`{"number": "3"}`), so each text is parsed once.
  private var numbers: [String: Number] = [:]
  /// Values by their exact text (see ``value()``).
  private var interned: [ByteSpan: RecordedValue] = [:]
  /// Map keys and attribute names by their text (`desired_capacity` is too long for an inline
  /// string: one allocation per object otherwise).
  private var keys: [ByteSpan: String] = [:]
  /// Identity attribute names seen, by number, with what the next object will probably hold for
  /// each (see ``identityEntry(after:)``).
  private var attributes: [AttributeSlot] = []
  private var attributeNumbers: [ByteSpan: Int] = [:]
  /// The attribute number that began the last identity.
  private var firstAttribute = -1

  private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  /// The state of `bytes`, or nil when the tree reader must decide.
  static func decode(_ bytes: [UInt8]) -> State? {
    bytes.withUnsafeBufferPointer { buffer in
      var decoder = StateDirectDecoder(buffer)
      return try? decoder.document()
    }
  }

  // MARK: - Document

  private mutating func document() throws(GiveUp) -> State {
    var seen: UInt32 = 0
    var lineage: String?
    var serial: Int?
    var digestKey: [UInt8]?
    var rolledBackFrom: Int?
    var resources: [ResourceAddress: ResourceState]?
    var history: [HistoryVersion]?
    var marks: [ResourceAddress: Int] = [:]
    guard try openObject() else { throw GiveUp() }
    repeat {
      let name = try key()
      if matches(name, "resources") {
        try mark(&seen, 0)
        resources = try resourceMap()
      } else if matches(name, "history") {
        try mark(&seen, 1)
        history = try historyList()
      } else if matches(name, "format_version") {
        try mark(&seen, 2)
        guard (State.oldestReadableFormatVersion...State.formatVersion).contains(try integer()) else { throw GiveUp() }
      } else if matches(name, "lineage") {
        try mark(&seen, 3)
        let text = try string()
        guard !text.isEmpty, text.utf8.count <= 256 else { throw GiveUp() }
        lineage = text
      } else if matches(name, "serial") {
        try mark(&seen, 4)
        let value = try integer()
        guard value >= 0 else { throw GiveUp() }
        serial = value
      } else if matches(name, "digest_key") {
        try mark(&seen, 5)
        let text = try string()
        guard StateHashing.isDigestHex(text), let bytes = StateHashing.bytes(fromHex: text) else { throw GiveUp() }
        digestKey = bytes
      } else if matches(name, "rolled_back_from") {
        try mark(&seen, 6)
        if try !null() {
          let value = try integer()
          guard value >= 1 else { throw GiveUp() }
          rolledBackFrom = value
        }
      } else if matches(name, "generation_marks") {
        try mark(&seen, 7)
        if try !null() { marks = try generationMarks() }
      } else {
        throw GiveUp()
      }
    } while try nextMember()
    whitespace()
    guard offset == bytes.count, seen & 0b100 != 0, let lineage, let serial, let digestKey, let resources, let history
    else { throw GiveUp() }
    return State(
      lineage: lineage, serial: serial, resources: resources, history: history, rolledBackFrom: rolledBackFrom,
      digestKey: DigestKey(bytes: digestKey), generationMarks: marks)
  }

  private mutating func resourceMap() throws(GiveUp) -> [ResourceAddress: ResourceState] {
    // Decoded into a list first, so that both tables below are made at their final size: grown
    // from empty they rehashed every address and name about once more (0.1 s at 100,000).
    var decoded: [(address: ResourceAddress, resource: ResourceState)] = []
    if try openObject() {
      repeat {
        let address = try address(try key())
        decoded.append((address, try resourceState(address)))
      } while try nextMember()
    }
    var out: [ResourceAddress: ResourceState] = [:]
    out.reserveCapacity(decoded.count)
    // The tree reader refuses one planned name recorded at two addresses; give up so it says so.
    var owners: [ObjectKey: ResourceAddress] = [:]
    owners.reserveCapacity(decoded.count)
    // Moved out of the list (last first: the tables' contents do not depend on the order), not
    // copied.
    while let (address, resource) = decoded.popLast() {
      guard out.updateValue(resource, forKey: address) == nil else { throw GiveUp() }
      func claim(_ name: String) throws(GiveUp) {
        if let owner = owners.updateValue(address, forKey: ObjectKey(kind: address.kind, name: name)), owner != address
        {
          throw GiveUp()
        }
      }
      if let current = resource.current { try claim(current.record.name) }
      for generation in resource.generations { try claim(generation.record.name) }
    }
    return out
  }

  /// A planned name of one kind: unique across the whole state.
  private struct ObjectKey: Hashable {
    var kind: ResourceKind
    var name: String
  }

  private mutating func generationMarks() throws(GiveUp) -> [ResourceAddress: Int] {
    var out: [ResourceAddress: Int] = [:]
    guard try openObject() else { return out }
    repeat {
      guard let address = ResourceAddress(parsing: try keyString()) else { throw GiveUp() }
      let value = try integer()
      guard value >= 1, out.updateValue(value, forKey: address) == nil else { throw GiveUp() }
    } while try nextMember()
    return out
  }

  // MARK: - History

  private mutating func historyList() throws(GiveUp) -> [HistoryVersion] {
    var out: [HistoryVersion] = []
    guard try openArray() else { return out }
    repeat {
      let version = try historyVersion()
      if let last = out.last, version.number <= last.number { throw GiveUp() }
      out.append(version)
    } while try nextItem()
    return out
  }

  private mutating func historyVersion() throws(GiveUp) -> HistoryVersion {
    var seen: UInt32 = 0
    var number: Int?
    var time: Timestamp?
    var checksum: String?
    var objects: [ResourceAddress: HistoryObject]?
    guard try openObject() else { throw GiveUp() }
    repeat {
      let name = try key()
      if matches(name, "version") {
        try mark(&seen, 0)
        let value = try integer()
        guard value >= 1 else { throw GiveUp() }
        number = value
      } else if matches(name, "time") {
        try mark(&seen, 1)
        guard let value = Timestamp(parsing: try string()) else { throw GiveUp() }
        time = value
      } else if matches(name, "plan_checksum") {
        try mark(&seen, 2)
        let text = try string()
        guard !text.isEmpty else { throw GiveUp() }
        checksum = text
      } else if matches(name, "objects") {
        try mark(&seen, 3)
        var map: [ResourceAddress: HistoryObject] = [:]
        if try openObject() {
          repeat {
            guard let address = ResourceAddress(parsing: try keyString()) else { throw GiveUp() }
            let object = try historyObject()
            guard map.updateValue(object, forKey: address) == nil else { throw GiveUp() }
          } while try nextMember()
        }
        objects = map
      } else {
        throw GiveUp()
      }
    } while try nextMember()
    guard let number, let time, let checksum, let objects else { throw GiveUp() }
    return HistoryVersion(number: number, time: time, planChecksum: checksum, objects: objects)
  }

  private mutating func historyObject() throws(GiveUp) -> HistoryObject {
    var seen: UInt32 = 0
    var name: String?
    var digest: String?
    guard try openObject() else { throw GiveUp() }
    repeat {
      let field = try key()
      if matches(field, "name") {
        try mark(&seen, 0)
        name = try string()
      } else if matches(field, "digest") {
        try mark(&seen, 1)
        digest = try string()
      } else {
        throw GiveUp()
      }
    } while try nextMember()
    guard let name, let digest else { throw GiveUp() }
    return HistoryObject(name: name, digest: digest)
  }

  // MARK: - Resources and objects

  private mutating func resourceState(_ address: ResourceAddress) throws(GiveUp) -> ResourceState {
    var seen: UInt32 = 0
    var current: CloudObject?
    var generations: [OlderGeneration]?
    var numbers: Set<Int> = []
    guard try openObject() else { throw GiveUp() }
    repeat {
      let field = try key()
      if matches(field, "current") {
        try mark(&seen, 0)
        if try !null() {
          let object = try object(address)
          guard object.status == .current, let cloud = object.cloud else { throw GiveUp() }
          numbers.insert(object.record.generation)
          current = cloud
        }
      } else if matches(field, "generations") {
        try mark(&seen, 1)
        var list: [OlderGeneration] = []
        if try openArray() {
          repeat {
            let object = try object(address)
            guard numbers.insert(object.record.generation).inserted else { throw GiveUp() }
            switch object.status {
            case .retained:
              guard let cloud = object.cloud else { throw GiveUp() }
              list.append(.retained(cloud))
            case .deposed:
              guard let cloud = object.cloud else { throw GiveUp() }
              list.append(.deposed(cloud))
            case .pending:
              guard !object.hasCloudID, !object.hasOutputs else { throw GiveUp() }
              list.append(.pending(object.record))
            case .current: throw GiveUp()
            }
          } while try nextItem()
        }
        generations = list
      } else {
        throw GiveUp()
      }
    } while try nextMember()
    // The current object's generation is checked against the generations in either order.
    guard let generations else { throw GiveUp() }
    if let current, generations.contains(where: { $0.record.generation == current.record.generation }) {
      throw GiveUp()
    }
    let state = ResourceState(current: current, generations: generations)
    guard !state.isEmpty else { throw GiveUp() }
    return state
  }

  private struct DecodedObject {
    var status: ObjectStatus
    var record: ObjectRecord
    /// Built when both a cloud ID (non-empty) and outputs are present.
    var cloud: CloudObject?
    var hasCloudID: Bool
    var hasOutputs: Bool
  }

  private mutating func object(_ address: ResourceAddress) throws(GiveUp) -> DecodedObject {
    var seen: UInt32 = 0
    var status: ObjectStatus?
    var name: String?
    var generation: Int?
    var digest: String?
    var cloudID: String?
    var outputs: [String: String]?
    var provider: ProviderBinding?
    var identity: [String: RecordedValue]?
    var dependencies: [ResourceAddress]?
    var settings: RecordedSettings?
    guard try openObject() else { throw GiveUp() }
    repeat {
      let field = try key()
      if matches(field, "identity") {
        try mark(&seen, 0)
        var map: [String: RecordedValue] = [:]
        map.reserveCapacity(12)
        if try openObject() {
          var previous = -1
          repeat {
            let number = try identityAttribute(after: previous)
            let value = try identityValue(number)
            guard map.updateValue(value, forKey: attributes[number].name) == nil else { throw GiveUp() }
            previous = number
          } while try nextMember()
        }
        identity = map
      } else if matches(field, "settings") {
        try mark(&seen, 1)
        settings = try recordedSettings()
      } else if matches(field, "provider") {
        try mark(&seen, 2)
        provider = try providerBinding()
      } else if matches(field, "outputs") {
        try mark(&seen, 3)
        if try !null() {
          var map: [String: String] = [:]
          map.reserveCapacity(3)
          if try openObject() {
            repeat {
              let output = try keyString()
              guard map.updateValue(try string(), forKey: output) == nil else { throw GiveUp() }
            } while try nextMember()
          }
          outputs = map
        }
      } else if matches(field, "dependencies") {
        try mark(&seen, 4)
        var list: [ResourceAddress] = []
        if try openArray() {
          repeat { list.append(try addressString()) } while try nextItem()
        }
        dependencies = list
      } else if matches(field, "cloud_id") {
        try mark(&seen, 5)
        if try !null() { cloudID = try string() }
      } else if matches(field, "digest") {
        try mark(&seen, 6)
        digest = try string()
      } else if matches(field, "generation") {
        try mark(&seen, 7)
        let value = try integer()
        guard value >= 1 else { throw GiveUp() }
        generation = value
      } else if matches(field, "kind") {
        try mark(&seen, 8)
        guard try string() == address.kind.rawValue else { throw GiveUp() }
      } else if matches(field, "name") {
        try mark(&seen, 9)
        let text = try string()
        guard !text.isEmpty else { throw GiveUp() }
        name = text
      } else if matches(field, "status") {
        try mark(&seen, 10)
        guard let value = ObjectStatus(rawValue: try string()) else { throw GiveUp() }
        status = value
      } else {
        throw GiveUp()
      }
    } while try nextMember()
    guard seen & (1 << 8) != 0, let status, let name, let generation, let digest, let provider, let identity,
      let dependencies, let settings
    else { throw GiveUp() }
    let record = ObjectRecord(
      name: name, generation: generation, digest: digest, provider: provider, identity: identity,
      dependencies: dependencies, settings: settings)
    var cloud: CloudObject?
    if let cloudID, let outputs {
      guard !cloudID.isEmpty else { throw GiveUp() }
      cloud = CloudObject(record: record, cloudID: cloudID, outputs: outputs)
    }
    return DecodedObject(
      status: status, record: record, cloud: cloud, hasCloudID: cloudID != nil, hasOutputs: outputs != nil)
  }

  /// A provider field as the tree reader sees it: a string, absent or `null`, or another scalar.
  private enum ProviderField {
    case string(String)
    case absent
    case other
  }

  /// A binding as ``StateFileReader/providerBinding(_:)`` reads it: `name` names a known type,
  /// `alias` is absent or a name, the type's binding keys are strings (required ones present);
  /// other types' keys may hold any scalar.
  private mutating func providerBinding() throws(GiveUp) -> ProviderBinding {
    let keys = StateFile.providerKeys
    var fields = [ProviderField](repeating: .absent, count: keys.count)
    var seen: UInt32 = 0
    guard try openObject() else { throw GiveUp() }
    repeat {
      let field = try key()
      guard let index = keys.firstIndex(where: { matches(field, $0) }) else { throw GiveUp() }
      try mark(&seen, UInt32(index))
      fields[index] = try providerField()
    } while try nextMember()
    func field(_ key: String) -> ProviderField { fields[keys.firstIndex(of: key)!] }
    guard case .string(let name) = field("name"), let type = ProviderType.named(name) else { throw GiveUp() }
    var binding = ProviderBinding(type: name)
    switch field("alias") {
    case .string(let alias) where AddressText.isIdentifier(alias): binding.alias = alias
    case .absent: break
    default: throw GiveUp()
    }
    for setting in type.bindingSettings {
      switch field(setting.key) {
      case .string(let value): binding.settings[setting.key] = value
      case .absent where !setting.isRequired: break
      default: throw GiveUp()
      }
    }
    return binding
  }

  private mutating func providerField() throws(GiveUp) -> ProviderField {
    whitespace()
    guard offset < bytes.count else { throw GiveUp() }
    switch bytes[offset] {
    case 0x22: return .string(try string())
    case 0x6e:
      try literal("null")
      return .absent
    case 0x7b, 0x5b: throw GiveUp()
    default:
      try skipScalar()
      return .other
    }
  }

  private mutating func recordedSettings() throws(GiveUp) -> RecordedSettings {
    var seen: UInt32 = 0
    var preventDestroy: Bool?
    var createBeforeDestroy: Bool?
    var description: String?
    var retain: Int?
    var healthCheck: HealthCheckSettings?
    var rollout: RolloutSettings?
    guard try openObject() else { throw GiveUp() }
    repeat {
      let field = try key()
      if matches(field, "prevent_destroy") {
        try mark(&seen, 0)
        preventDestroy = try bool()
      } else if matches(field, "create_before_destroy") {
        try mark(&seen, 1)
        createBeforeDestroy = try bool()
      } else if matches(field, "description") {
        try mark(&seen, 2)
        if try !null() { description = try string() }
      } else if matches(field, "retain") {
        try mark(&seen, 3)
        if try !null() {
          let value = try integer()
          guard value >= 0 else { throw GiveUp() }
          retain = value
        }
      } else if matches(field, "health_check") {
        try mark(&seen, 4)
        if try !null() { healthCheck = try healthCheckSettings() }
      } else if matches(field, "rollout") {
        try mark(&seen, 5)
        if try !null() { rollout = try rolloutSettings() }
      } else {
        throw GiveUp()
      }
    } while try nextMember()
    guard let preventDestroy, let createBeforeDestroy else { throw GiveUp() }
    return RecordedSettings(
      preventDestroy: preventDestroy, createBeforeDestroy: createBeforeDestroy, description: description,
      retain: retain, healthCheck: healthCheck, rollout: rollout)
  }

  private mutating func healthCheckSettings() throws(GiveUp) -> HealthCheckSettings {
    var seen: UInt32 = 0
    var type: HealthCheckSettings.CheckType?
    var grace: Int?
    var timeout: Int?
    guard try openObject() else { throw GiveUp() }
    repeat {
      let field = try key()
      if matches(field, "type") {
        try mark(&seen, 0)
        guard let value = HealthCheckSettings.CheckType(rawValue: try string()) else { throw GiveUp() }
        type = value
      } else if matches(field, "grace_period_ms") {
        try mark(&seen, 1)
        grace = try integer()
      } else if matches(field, "timeout_ms") {
        try mark(&seen, 2)
        timeout = try integer()
      } else {
        throw GiveUp()
      }
    } while try nextMember()
    guard let type, let grace, let timeout else { throw GiveUp() }
    return HealthCheckSettings(
      type: type, gracePeriod: DurationValue(milliseconds: Int64(grace)),
      timeout: DurationValue(milliseconds: Int64(timeout)))
  }

  private mutating func rolloutSettings() throws(GiveUp) -> RolloutSettings {
    var seen: UInt32 = 0
    var strategy: RolloutSettings.Strategy?
    var bake: Int?
    guard try openObject() else { throw GiveUp() }
    repeat {
      let field = try key()
      if matches(field, "strategy") {
        try mark(&seen, 0)
        guard let value = RolloutSettings.Strategy(rawValue: try string()) else { throw GiveUp() }
        strategy = value
      } else if matches(field, "bake_time_ms") {
        try mark(&seen, 1)
        bake = try integer()
      } else {
        throw GiveUp()
      }
    } while try nextMember()
    guard let strategy, let bake else { throw GiveUp() }
    return RolloutSettings(strategy: strategy, bakeTime: DurationValue(milliseconds: Int64(bake)))
  }

  // MARK: - Values (the form of ValueCoding)

  /// A value; one whose exact text was seen before is the same value, shared (identity values
  /// repeat across resources: tags, zones, numbers, provisioning lines): less memory, and no
  /// second parse. The text of a value decides it completely (its nesting is checked against
  /// the depth limit where it appears), so this changes nothing in what is accepted.
  private mutating func value() throws(GiveUp) -> RecordedValue {
    whitespace()
    guard offset < bytes.count else { throw GiveUp() }
    let start = offset
    // Short strings are stored inline: nothing to share, only the lookup to pay.
    guard let (end, nesting) = valueExtent(from: start), depth &+ nesting < JSONParser.maximumDepth,
      bytes[start] != 0x22 || end &- start > 17
    else {
      return try parseValue()
    }
    let text = ByteSpan(base: bytes.baseAddress! + start, count: end &- start)
    if let known = interned[text] {
      offset = end
      return known
    }
    let value = try parseValue()
    guard offset == end else { throw GiveUp() }
    interned[text] = value
    return value
  }

  // MARK: - Identity attributes

  /// What is known of one identity attribute name across the objects decoded so far.
  private struct AttributeSlot {
    var name: String
    /// The name's text in the document.
    var text: ByteSpan
    /// The attribute that followed this one in the last identity that had it (-1: none yet).
    var next = -1
    /// The last value read for it: its text, its nesting, the value.
    var last: (text: ByteSpan, nesting: Int, value: RecordedValue)?
    /// How often values not equal to `last` were found in, or missed, the interning table.
    var interned = 0
    var missed = 0

    /// Whether looking values up in the interning table still pays: not once most of them have
    /// turned out to be unique (names, IDs), each lookup then only a hash and an insertion.
    var worthInterning: Bool { missed < 64 || interned * 8 >= missed }
  }

  /// The next identity attribute's name, as its number. Objects of a kind record the same names
  /// in the same (sorted) order, so the name is first compared with the one that followed
  /// `previous` last time (-1: the first of an identity): no hash for the usual case.
  private mutating func identityAttribute(after previous: Int) throws(GiveUp) -> Int {
    let range = try key()
    let text = ByteSpan(base: bytes.baseAddress! + range.lowerBound, count: range.count)
    let predicted = previous < 0 ? firstAttribute : attributes[previous].next
    let number: Int
    if predicted >= 0, attributes[predicted].text == text {
      number = predicted
    } else if let known = attributeNumbers[text] {
      number = known
    } else {
      number = attributes.count
      attributeNumbers[text] = number
      let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
      attributes.append(AttributeSlot(name: name, text: text))
    }
    if previous < 0 { firstAttribute = number } else { attributes[previous].next = number }
    return number
  }

  /// An identity attribute's value, as ``value()`` reads it, first compared with the last value
  /// of the same attribute (the same zones, tags or source for most objects of a configuration).
  private mutating func identityValue(_ number: Int) throws(GiveUp) -> RecordedValue {
    whitespace()
    guard offset < bytes.count else { throw GiveUp() }
    let start = offset
    // Strings, arrays and objects end themselves: equal leading bytes are the whole value.
    if let last = attributes[number].last, last.text.count <= bytes.count &- start,
      memcmp(bytes.baseAddress! + start, last.text.base, last.text.count) == 0,
      depth &+ last.nesting < JSONParser.maximumDepth
    {
      offset = start &+ last.text.count
      return last.value
    }
    guard let (end, nesting) = valueExtent(from: start), depth &+ nesting < JSONParser.maximumDepth else {
      return try parseValue()
    }
    let text = ByteSpan(base: bytes.baseAddress! + start, count: end &- start)
    let value: RecordedValue
    if attributes[number].worthInterning, bytes[start] != 0x22 || end &- start > 17 {
      if let known = interned[text] {
        attributes[number].interned &+= 1
        offset = end
        value = known
      } else {
        attributes[number].missed &+= 1
        value = try parseValue()
        guard offset == end else { throw GiveUp() }
        interned[text] = value
      }
    } else {
      value = try parseValue()
      guard offset == end else { throw GiveUp() }
    }
    attributes[number].last = (text, nesting, value)
    return value
  }

  /// Where the string, array or object starting at `start` ends, and how deeply it nests; nil
  /// for other values, malformed text (the parse will say) or texts over 4 KB (not worth keeping).
  private func valueExtent(from start: Int) -> (end: Int, nesting: Int)? {
    let first = bytes[start]
    guard first == 0x22 || first == 0x5b || first == 0x7b else { return nil }
    let limit = min(bytes.count, start &+ 4096)
    var index = start
    var open = 0
    var nesting = 0
    var inString = false
    while index < limit {
      let byte = bytes[index]
      if inString {
        if byte == 0x5c {
          index &+= 1
        } else if byte == 0x22 {
          inString = false
          if open == 0 { return (index &+ 1, 0) }
        }
      } else {
        switch byte {
        case 0x22: inString = true
        case 0x5b, 0x7b:
          open &+= 1
          nesting = max(nesting, open)
        case 0x5d, 0x7d:
          open &-= 1
          if open == 0 { return (index &+ 1, nesting) }
          if open < 0 { return nil }
        default: break
        }
      }
      index &+= 1
    }
    return nil
  }

  private mutating func parseValue() throws(GiveUp) -> RecordedValue {
    switch bytes[offset] {
    case 0x22: return .string(try string())
    case 0x6e:
      try literal("null")
      return .null
    case 0x74:
      try literal("true")
      return .bool(true)
    case 0x66:
      try literal("false")
      return .bool(false)
    case 0x5b:
      var items: [RecordedValue] = []
      if try openArray() {
        repeat { items.append(try value()) } while try nextItem()
      }
      return .list(items)
    case 0x7b:
      guard try openObject() else { throw GiveUp() }
      let tag = try key()
      let result: RecordedValue
      if matches(tag, "number") {
        let text = try string()
        if let known = numbers[text] {
          result = .number(known)
        } else {
          guard let number = Number(text), number.description == text else { throw GiveUp() }
          numbers[text] = number
          result = .number(number)
        }
      } else if matches(tag, "map") {
        var map: [String: RecordedValue] = [:]
        if try openObject() {
          repeat {
            let entry = try keyString()
            guard map.updateValue(try value(), forKey: entry) == nil else { throw GiveUp() }
          } while try nextMember()
        }
        result = .map(map)
      } else if matches(tag, "set") {
        var items: [RecordedValue] = []
        if try openArray() {
          repeat { items.append(try value()) } while try nextItem()
        }
        result = .set(items)
      } else if matches(tag, "duration_ms") {
        result = .duration(DurationValue(milliseconds: Int64(try integer())))
      } else if matches(tag, "unknown") {
        guard try bool() else { throw GiveUp() }
        result = .unknown
      } else if matches(tag, "sensitive_digest") {
        let digest = try string()
        guard StateHashing.isDigestHex(digest) else { throw GiveUp() }
        result = .sensitiveDigest(digest)
      } else {
        throw GiveUp()
      }
      // Exactly one tag.
      guard try !nextMember() else { throw GiveUp() }
      return result
    default: throw GiveUp()
    }
  }

  // MARK: - JSON syntax

  private mutating func whitespace() {
    while offset < bytes.count {
      switch bytes[offset] {
      case 0x20, 0x0a, 0x0d, 0x09: offset &+= 1
      default: return
      }
    }
  }

  /// Consumes `{`; true when a member follows, false after an empty `{}`.
  private mutating func openObject() throws(GiveUp) -> Bool { try open(0x7b, closing: 0x7d) }

  /// After a member's value: true after `,` (another member follows), false after `}`.
  private mutating func nextMember() throws(GiveUp) -> Bool { try next(closing: 0x7d) }

  /// Consumes `[`; true when an item follows.
  private mutating func openArray() throws(GiveUp) -> Bool { try open(0x5b, closing: 0x5d) }

  private mutating func nextItem() throws(GiveUp) -> Bool { try next(closing: 0x5d) }

  /// Consumes the opening bracket `opening`; true when something follows, false after an empty pair.
  @inline(__always)
  private mutating func open(_ opening: UInt8, closing: UInt8) throws(GiveUp) -> Bool {
    whitespace()
    guard offset < bytes.count, bytes[offset] == opening else { throw GiveUp() }
    offset &+= 1
    depth &+= 1
    guard depth < JSONParser.maximumDepth else { throw GiveUp() }
    whitespace()
    guard offset < bytes.count else { throw GiveUp() }
    if bytes[offset] == closing {
      offset &+= 1
      depth &-= 1
      return false
    }
    return true
  }

  /// After a member or item: true after `,`, false after `closing`.
  @inline(__always)
  private mutating func next(closing: UInt8) throws(GiveUp) -> Bool {
    whitespace()
    guard offset < bytes.count else { throw GiveUp() }
    switch bytes[offset] {
    case 0x2c:
      offset &+= 1
      return true
    case closing:
      offset &+= 1
      depth &-= 1
      return false
    default: throw GiveUp()
    }
  }

  /// A member's key and the `:` after it, as the byte range of its text (escaped keys: give up).
  private mutating func key() throws(GiveUp) -> Range<Int> {
    whitespace()
    guard offset < bytes.count, bytes[offset] == 0x22 else { throw GiveUp() }
    let start = offset &+ 1
    var index = start
    var highBits: UInt8 = 0
    while true {
      guard index < bytes.count else { throw GiveUp() }
      let byte = bytes[index]
      if byte == 0x22 { break }
      guard byte != 0x5c, byte >= 0x20 else { throw GiveUp() }
      highBits |= byte
      index &+= 1
    }
    // Non-ASCII keys are validated where they become strings (`keyString`); schema keys are ASCII.
    if highBits >= 0x80 {
      guard String(validating: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self) != nil else {
        throw GiveUp()
      }
    }
    offset = index &+ 1
    whitespace()
    guard offset < bytes.count, bytes[offset] == 0x3a else { throw GiveUp() }
    offset &+= 1
    return start..<index
  }

  private mutating func keyString() throws(GiveUp) -> String {
    let range = try key()
    let text = ByteSpan(base: bytes.baseAddress! + range.lowerBound, count: range.count)
    if let known = keys[text] { return known }
    let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    keys[text] = key
    return key
  }

  /// `KIND.NAME` from the bytes of a key, as ``ResourceAddress/init(parsing:)`` reads it (ASCII
  /// text read byte by byte, without building the whole string; anything else through it).
  private func address(_ range: Range<Int>) throws(GiveUp) -> ResourceAddress {
    var dot = -1
    var index = range.lowerBound
    while index < range.upperBound {
      let byte = bytes[index]
      guard byte < 0x80 else {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        guard let address = ResourceAddress(parsing: text) else { throw GiveUp() }
        return address
      }
      if byte == 0x2e {
        guard dot < 0 else { throw GiveUp() }  // a second dot: the name would contain one
        dot = index
      }
      index &+= 1
    }
    guard dot >= 0, dot &+ 1 < range.upperBound else { throw GiveUp() }
    let kindRange = range.lowerBound..<dot
    let kind: ResourceKind
    if matches(kindRange, "image") {
      kind = .image
    } else if matches(kindRange, "launch_template") {
      kind = .launchTemplate
    } else if matches(kindRange, "fleet") {
      kind = .fleet
    } else {
      throw GiveUp()
    }
    return ResourceAddress(
      kind: kind,
      name: String(decoding: UnsafeBufferPointer(rebasing: bytes[(dot &+ 1)..<range.upperBound]), as: UTF8.self))
  }

  /// An address written as a string value (escaped ones through ``string()``).
  private mutating func addressString() throws(GiveUp) -> ResourceAddress {
    whitespace()
    guard offset < bytes.count, bytes[offset] == 0x22 else { throw GiveUp() }
    var end = offset &+ 1
    while end < bytes.count, bytes[end] != 0x22, bytes[end] != 0x5c, bytes[end] >= 0x20 { end &+= 1 }
    guard end < bytes.count, bytes[end] == 0x22 else {
      guard let address = ResourceAddress(parsing: try string()) else { throw GiveUp() }
      return address
    }
    let range = (offset &+ 1)..<end
    if bytes[range].contains(where: { $0 >= 0x80 }) {
      guard let address = ResourceAddress(parsing: try string()) else { throw GiveUp() }
      return address
    }
    offset = end &+ 1
    return try address(range)
  }

  private func matches(_ range: Range<Int>, _ literal: StaticString) -> Bool {
    let count = literal.utf8CodeUnitCount
    guard range.count == count else { return false }
    let pointer = literal.utf8Start
    var index = 0
    while index < count {
      if bytes[range.lowerBound &+ index] != pointer[index] { return false }
      index &+= 1
    }
    return true
  }

  private func matches(_ range: Range<Int>, _ text: String) -> Bool {
    guard range.count == text.utf8.count else { return false }
    return text.utf8.elementsEqual(UnsafeBufferPointer(rebasing: bytes[range]))
  }

  /// Sets bit `bit` of `seen`; a second occurrence (a duplicate key) gives up.
  private func mark(_ seen: inout UInt32, _ bit: UInt32) throws(GiveUp) {
    let flag: UInt32 = 1 << bit
    guard seen & flag == 0 else { throw GiveUp() }
    seen |= flag
  }

  /// Consumes `null` if it is next.
  private mutating func null() throws(GiveUp) -> Bool {
    whitespace()
    guard offset < bytes.count else { throw GiveUp() }
    guard bytes[offset] == 0x6e else { return false }
    try literal("null")
    return true
  }

  private mutating func literal(_ text: StaticString) throws(GiveUp) {
    let count = text.utf8CodeUnitCount
    guard offset &+ count <= bytes.count else { throw GiveUp() }
    let pointer = text.utf8Start
    for index in 0..<count where bytes[offset &+ index] != pointer[index] { throw GiveUp() }
    offset &+= count
  }

  private mutating func bool() throws(GiveUp) -> Bool {
    whitespace()
    guard offset < bytes.count else { throw GiveUp() }
    switch bytes[offset] {
    case 0x74:
      try literal("true")
      return true
    case 0x66:
      try literal("false")
      return false
    default: throw GiveUp()
    }
  }

  /// A JSON number written as an integer (`-?digits`, at most 18 digits, as `Int(text)` reads it);
  /// fractions, exponents and longer numbers give up.
  private mutating func integer() throws(GiveUp) -> Int {
    whitespace()
    guard offset < bytes.count else { throw GiveUp() }
    var negative = false
    if bytes[offset] == 0x2d {
      negative = true
      offset &+= 1
    }
    let start = offset
    var value = 0
    while offset < bytes.count {
      let byte = bytes[offset]
      guard byte >= 0x30, byte <= 0x39 else { break }
      value = value &* 10 &+ Int(byte &- 0x30)
      offset &+= 1
    }
    let count = offset &- start
    // JSON: no leading zeros; at least one digit.
    guard count >= 1, count <= 18, !(count > 1 && bytes[start] == 0x30) else { throw GiveUp() }
    if offset < bytes.count {
      let byte = bytes[offset]
      guard byte != 0x2e, byte != 0x65, byte != 0x45 else { throw GiveUp() }
    }
    return negative ? -value : value
  }

  /// Skips `true`, `false`, `null` or a JSON number.
  private mutating func skipScalar() throws(GiveUp) {
    whitespace()
    guard offset < bytes.count else { throw GiveUp() }
    switch bytes[offset] {
    case 0x74: try literal("true")
    case 0x66: try literal("false")
    case 0x6e: try literal("null")
    default: _ = try integer()
    }
  }

  /// A string value, escapes decoded, UTF-8 validated (as ``JSONParser`` reads it).
  private mutating func string() throws(GiveUp) -> String {
    whitespace()
    guard offset < bytes.count, bytes[offset] == 0x22 else { throw GiveUp() }
    offset &+= 1
    let start = offset
    switch JSONParser.scanPlainString(bytes, from: start) {
    case .text(let text, let end):
      offset = end
      return text
    case .escape(let position): offset = position
    case .invalidUTF8, .controlCharacter, .unterminated: throw GiveUp()
    }
    var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<offset]))
    out.reserveCapacity(out.count + 16)
    while offset < bytes.count {
      let byte = bytes[offset]
      switch byte {
      case 0x22:
        offset &+= 1
        guard let text = String(validating: out, as: UTF8.self) else { throw GiveUp() }
        return text
      case 0x5c:
        offset &+= 1
        guard offset < bytes.count else { throw GiveUp() }
        let escape = bytes[offset]
        offset &+= 1
        // \u escapes: the tree reader handles them.
        guard let byte = JSONParser.shortEscape(escape) else { throw GiveUp() }
        out.append(byte)
      default:
        guard byte >= 0x20 else { throw GiveUp() }
        out.append(byte)
        offset &+= 1
      }
    }
    throw GiveUp()
  }
}

/// Bytes of the document being decoded, compared and hashed by content.
private struct ByteSpan: Hashable {
  let base: UnsafePointer<UInt8>
  let count: Int

  static func == (a: ByteSpan, b: ByteSpan) -> Bool {
    a.count == b.count && (a.base == b.base || memcmp(a.base, b.base, a.count) == 0)
  }

  func hash(into hasher: inout Hasher) {
    hasher.combine(bytes: UnsafeRawBufferPointer(start: base, count: count))
  }
}
