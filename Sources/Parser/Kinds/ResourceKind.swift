/// The kinds of cloud object immplan manages (BRIEF §2). Everything that differs between kinds is
/// in the kind's one description (``ResourceKindDescription``, one file per kind:
/// `ResourceKind+Image.swift`, …); code that must behave differently switches exhaustively over
/// the kind, so a new case is flagged by the compiler wherever it must be handled.
///
/// Adding a kind: a case here, its description file, and the provider methods that create,
/// destroy, read and find it (`Provider` in the Executor; the sim and aws providers switch over
/// the kind).
public enum ResourceKind: String, Sendable, Hashable, CaseIterable, Comparable {
  case image
  case launchTemplate = "launch_template"
  case fleet

  /// Everything immplan knows about this kind.
  public var traits: ResourceKindDescription {
    switch self {
    case .image: .image
    case .launchTemplate: .launchTemplate
    case .fleet: .fleet
    }
  }

  /// Attribute names computed by the cloud or the planner (`image.web.id`, …).
  public var computedAttributes: [String] { traits.outputs }

  /// Whether `name` is one of ``computedAttributes``.
  public func isComputedAttribute(_ name: String) -> Bool { traits.outputs.contains(name) }

  /// The block schema: identity attributes, settings and nested blocks.
  var schema: BlockSchema { traits.schema }

  /// `image`, `launch_template` or `fleet` as one phrase, for messages that list the kinds.
  public static var listText: String {
    let names = allCases.map { "`\($0.rawValue)`" }
    return names.dropLast().joined(separator: ", ") + " or " + names.last!
  }

  /// By the kind's name (the order of addresses' text).
  public static func < (lhs: ResourceKind, rhs: ResourceKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One kind's description: its schema, outputs, capabilities and naming rule. A class, immutable:
/// every lookup hands out one shared reference (hot paths ask for it per resource).
public final class ResourceKindDescription: Sendable {
  /// The block schema (identity attributes are those with `isIdentity`; the rest are settings).
  let schema: BlockSchema
  /// Computed attributes, in the order the kind lists them (`id` and `name` always; an image's
  /// `digest`, a fleet's `arn`).
  public let outputs: [String]
  /// A replaced object is kept as a retained generation (for `rollback`) up to the `retain`
  /// setting, instead of being destroyed.
  public let retainsGenerations: Bool
  /// The kind has a content digest: `digest` is the SHA-256 of its identity (``imageDigest``),
  /// known at plan time, and a provider may reuse an existing object with the same digest.
  public let hasContentDigest: Bool
  /// A create is complete only when the object passes its health gate (`health_check`,
  /// `rollout`), and a failed gate rolls the create back.
  public let hasHealthGate: Bool
  /// The rule for names the planner gives objects of this kind in the strictest cloud.
  public let naming: CloudNameRule

  /// What a current object becomes when its replacement is created: a retained generation for
  /// kinds that retain them, else a deposed object whose destroy is due.
  public var demotedStatus: DemotedStatus { retainsGenerations ? .retained : .deposed }

  /// The identity attributes, in schema order (an attribute's `defaultFrom` comes before it).
  let identityAttributes: [AttributeSchema]

  init(
    schema: BlockSchema, outputs: [String], retainsGenerations: Bool = false, hasContentDigest: Bool = false,
    hasHealthGate: Bool = false, naming: CloudNameRule
  ) {
    var schema = schema
    schema.attributes += Schema.resourceMetaArguments
    self.schema = schema
    self.outputs = outputs
    self.retainsGenerations = retainsGenerations
    self.hasContentDigest = hasContentDigest
    self.hasHealthGate = hasHealthGate
    self.naming = naming
    self.identityAttributes = schema.attributes.filter(\.isIdentity)
  }

  /// The identity attribute `name`, if it is one (a short list: a linear search beats hashing).
  func identityAttribute(_ name: String) -> AttributeSchema? {
    for index in identityAttributes.indices where identityAttributes[index].name == name {
      return identityAttributes[index]
    }
    return nil
  }
}

/// What an object that is no longer current becomes: kept for rollback, or destroyed.
public enum DemotedStatus: String, Sendable, Hashable {
  /// Kept for rollback (images under `retain`).
  case retained
  /// Its destroy is due.
  case deposed
}

/// The names a cloud accepts for one kind of object.
public struct CloudNameRule: Sendable, Hashable {
  public let minimumLength: Int
  public let maximumLength: Int
  /// Every byte a name may contain (ASCII).
  public let allowedCharacters: Set<UInt8>

  init(minimumLength: Int = 1, maximumLength: Int, allowed: String) {
    self.minimumLength = minimumLength
    self.maximumLength = maximumLength
    self.allowedCharacters = Set(allowed.utf8)
  }

  static let alphanumerics = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

  public func allows(_ name: String) -> Bool {
    let count = name.utf8.count
    return count >= minimumLength && count <= maximumLength && name.utf8.allSatisfy(allowedCharacters.contains)
  }
}
