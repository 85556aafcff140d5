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
public struct ResourceAddress: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var kind: ResourceKind
  public var name: String
  public init(kind: ResourceKind, name: String) {
    self.kind = kind
    self.name = name
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
