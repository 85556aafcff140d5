/// The three kinds of cloud object immplan manages (BRIEF §2).
public enum ResourceKind: String, Sendable, Hashable, CaseIterable, Comparable {
  case image
  case launchTemplate = "launch_template"
  case fleet

  /// Attribute names computed by the cloud or the planner (`image.web.id`, …).
  public var computedAttributes: [String] {
    switch self {
    case .image: ResourceKind.imageOutputs
    case .launchTemplate: ResourceKind.launchTemplateOutputs
    case .fleet: ResourceKind.fleetOutputs
    }
  }

  private static let imageOutputs = ["id", "name", "digest"]
  private static let launchTemplateOutputs = ["id", "name"]
  private static let fleetOutputs = ["id", "name", "arn"]

  /// Whether `name` is one of ``computedAttributes`` (without building the list).
  public func isComputedAttribute(_ name: String) -> Bool {
    switch name {
    case "id", "name": true
    case "digest": self == .image
    case "arn": self == .fleet
    default: false
    }
  }

  public static func < (lhs: ResourceKind, rhs: ResourceKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// `KIND.NAME`, e.g. `image.web`. Ordered by its text, which is the tie-break order everywhere.
///
/// Addresses key most of immplan's tables (declarations, state, decisions: 100,000 entries each
/// in a large plan, each address looked up many times), so an address carries a digest of its
/// name, computed once when it is made: hashing it into a table is one word, and unequal
/// addresses almost always differ in it before any text is compared.
public struct ResourceAddress: Sendable, Hashable, Comparable, CustomStringConvertible {
  public let kind: ResourceKind
  public let name: String
  /// A 64-bit digest of `name`'s UTF-8 bytes (equal names, equal digests).
  private let nameDigest: UInt64

  public init(kind: ResourceKind, name: String) {
    self.kind = kind
    self.name = name
    nameDigest = ResourceAddress.digest(of: name)
  }

  public static func == (lhs: ResourceAddress, rhs: ResourceAddress) -> Bool {
    lhs.nameDigest == rhs.nameDigest && lhs.kind == rhs.kind && lhs.name == rhs.name
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(nameDigest)
    hasher.combine(kind)
  }

  /// A fast 64-bit mix of the bytes, eight at a time (not cryptographic: tables still hash the
  /// result with their per-process seed).
  private static func digest(of name: String) -> UInt64 {
    var name = name
    return name.withUTF8 { bytes in
      var state: UInt64 = 0x9e37_79b9_7f4a_7c15 ^ UInt64(truncatingIfNeeded: bytes.count)
      var index = 0
      while index < bytes.count {
        var word: UInt64 = 0
        var shift: UInt64 = 0
        let end = min(index &+ 8, bytes.count)
        while index < end {
          word |= UInt64(bytes[index]) &<< shift
          shift &+= 8
          index &+= 1
        }
        state = (state ^ word) &* 0xff51_afd7_ed55_8ccd
        state ^= state &>> 32
      }
      return state
    }
  }

  /// Parses `image.web`; nil for anything else.
  public init?(parsing text: String) {
    // On UTF-8 bytes: Character searches walk grapheme clusters (reading a plan file parses an
    // address per change and dependency).
    guard let dot = text.utf8.firstIndex(of: UInt8(ascii: ".")) else { return nil }
    guard let kind = ResourceKind(rawValue: String(text[..<dot])) else { return nil }
    let name = String(text[text.utf8.index(after: dot)...])
    guard !name.isEmpty, !name.utf8.contains(UInt8(ascii: ".")) else { return nil }
    self.init(kind: kind, name: name)
  }

  public var description: String { "\(kind.rawValue).\(name)" }
  /// The order of the text `KIND.NAME`. No kind name is a prefix of another, so comparing the
  /// kind names and then the names gives exactly the text order, without building strings.
  public static func < (lhs: ResourceAddress, rhs: ResourceAddress) -> Bool {
    if lhs.kind != rhs.kind { return lhs.kind.rawValue < rhs.kind.rawValue }
    return lhs.name < rhs.name
  }
}
